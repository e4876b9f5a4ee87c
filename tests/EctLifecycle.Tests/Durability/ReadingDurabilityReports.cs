using System.Net;
using EctLifecycle.Durability;
using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Durability;

/// <summary>The durability reports over HTTP, on histories logged through the API as staff would.</summary>
public class ReadingDurabilityReports(AppFixture app) : ApiTest(app)
{
    private const string AsOf = "2024-06-30";

    /// <summary>Emerged 2016, a collective, public money, the hub until 2019, stopped in 2020 for lack of funding, visited in 2021.</summary>
    private async Task<Guid> StoppedAsync()
    {
        var id = await RegisterAsync("Épicerie du Val", "2016-03-01");
        await LogAsync(id, Actor("Mairie de Valfleuri", "2016-03-15", "publicBody"));
        await LogAsync(id, Actor("Les Semeurs", "2016-04-01"));
        await LogAsync(id, Actor("Ferme des Combes", "2016-05-01", "farmer", isLocal: false));
        await LogAsync(id, new { type = "accompanimentStarted", occurredOn = "2016-03-10", byHub = true, programme = "Incubation" });
        await LogAsync(id, new { type = "structuringPathChosen", occurredOn = "2016-09-01", path = "newLegalEntity" });
        await LogAsync(id, new { type = "legalFormAdopted", occurredOn = "2017-01-15", form = "association", inEss = true });
        await LogAsync(id, new { type = "fundingSecured", occurredOn = "2017-02-01", fundingId = "F1", sourceKind = "publicSubsidy", funder = "Département", amountEuros = 30000 });
        await LogAsync(id, new { type = "fundingSecured", occurredOn = "2017-03-01", fundingId = "F2", sourceKind = "sales", funder = "Clients", amountEuros = 3000 });
        await LogAsync(id, new { type = "externalExpertiseSought", occurredOn = "2018-01-10", what = "Modèle économique", fromWhom = "Réseau national", outsideTerritory = true });
        await LogAsync(id, new { type = "accompanimentEnded", occurredOn = "2019-03-10", byHub = true });
        await LogAsync(id, new { type = "actorLeft", occurredOn = "2019-09-01", actorName = "Ferme des Combes", reason = "plus le temps" });
        await LogAsync(id, new { type = "fundingEnded", occurredOn = "2020-01-31", fundingId = "F1", reason = "non renouvelée" });
        await LogAsync(id, new { type = "note", occurredOn = "2019-12-01", text = "Le Département ne renouvelle pas sa subvention." });
        await LogAsync(id, new
        {
            type = "projectStopped", occurredOn = "2020-03-10", reasons = new[] { "fundingLostOrEnded", "other" }, otherReason = "local perdu",
            note = "dissolution votée", activityTakenOverBy = "Mairie de Valfleuri", lastingNetwork = true, jobsKept = 1, hubStance = "followUp",
        });
        await LogAsync(id, new { type = "followUpObserved", occurredOn = "2021-03-15", activityStillRunning = true, takenOverBy = "Mairie de Valfleuri", jobsStillThere = 1 });
        return id;
    }

    [Fact]
    public async Task the_report_on_a_stopped_project_tells_its_life_why_it_stopped_and_what_remains()
    {
        var id = await StoppedAsync();
        var report = await GetJsonAsync($"/api/reports/durability/{id}?asOf={AsOf}");

        report["lifespanYears"]!.GetValue<double>().ShouldBe(4.02);
        report["stages"]!.AsArray().Select(s => s!["stage"]!.GetValue<string>())
            .ShouldBe(["idea", "collective", "structuring", "operating", "stopped"]);
        report["legalForms"]![0]!["form"]!.GetValue<string>().ShouldBe("association");
        var collective = report["pillars"]!.AsArray().Single(p => p!["id"]!.GetValue<string>() == "collective-ownership")!;
        collective["atEmergence"]!["value"]!.GetValue<double>().ShouldBe(1.5, "three kinds of actors, an association: read a year on");
        collective["peak"]!["date"]!.GetValue<string>().ShouldBe("2017-01-15");
        collective["atStop"]!["value"]!.GetValue<double>().ShouldBe(1.25, "the farm left: two kinds of actors");
        collective["fromPeakToStop"]!.GetValue<double>().ShouldBe(-0.25);
        report["collective"]!["left"]![0]!["actorName"]!.GetValue<string>().ShouldBe("Ferme des Combes");
        var perfusion = report["resources"]!["perfusion"]!.AsArray().Single()!;
        perfusion["from"]!.GetValue<string>().ShouldBe("2017-02-01");
        perfusion["to"]!.GetValue<string>().ShouldBe("2020-01-31", "the subsidy was 91 % of the resources until it ended");
        report["support"]!["yearsFromHubSupportEndToStop"]!.GetValue<double>().ShouldBe(1.0);
        report["expertise"]![0]!["outsideTerritory"]!.GetValue<bool>().ShouldBeTrue();
        report["stop"]!["reasons"]!.AsArray().Select(r => r!["reason"]!.GetValue<string>()).ShouldBe(["fundingLostOrEnded", "other"]);
        report["stop"]!["reasons"]![1]!["text"]!.GetValue<string>().ShouldBe("local perdu");
        report["stop"]!["remains"]!["activityTakenOverBy"]!.GetValue<string>().ShouldBe("Mairie de Valfleuri");
        report["stop"]!["hubStance"]!.GetValue<string>().ShouldBe("followUp");
        report["followUps"]![0]!["activityStillRunning"]!.GetValue<bool>().ShouldBeTrue();
        report["notes"]![0]!["text"]!.GetValue<string>().ShouldContain("Département");
    }

    [Fact]
    public async Task the_portfolio_report_counts_the_stops_and_censors_the_live_projects()
    {
        await StoppedAsync();
        await RegisterAsync("Jardin partagé", "2019-01-01");
        var report = await GetJsonAsync($"/api/reports/durability?asOf={AsOf}");
        report["projects"]!.GetValue<int>().ShouldBe(2);
        report["stoppedCount"]!.GetValue<int>().ShouldBe(1);
        report["medianLifespanYears"]!.GetValue<double>().ShouldBe(4.02);
        var steps = report["survival"]!["steps"]!.AsArray();
        steps.Select(s => s!["years"]!.GetValue<double>()).ShouldBe([4.02, 5.49], "the live one is censored at the as-of date");
        steps.Select(s => s!["survival"]!.GetValue<double>()).ShouldBe([0.5, 0.5]);
        report["survival"]!["medianYears"]!.GetValue<double>().ShouldBe(4.02);
        report["reasons"]!.AsArray().Single(r => r!["code"]!.GetValue<string>() == "fundingLostOrEnded")!["projects"]!.GetValue<int>().ShouldBe(1);
        report["remains"]!["activityTakenOver"]!.GetValue<int>().ShouldBe(1);
        report["supportToStop"]!["medianYears"]!.GetValue<double>().ShouldBe(1.0);
    }

    [Fact]
    public async Task reports_come_as_a_printable_page_markdown_and_tidy_csv()
    {
        var id = await StoppedAsync();
        await LogAsync(id, new { type = "outputsMeasured", occurredOn = "2019-06-01", activityVolume = "1 200", activityUnit = "MWh" });
        var html = await Client.GetAsync($"/api/reports/durability/{id}?asOf={AsOf}&format=html");
        html.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var page = await html.Content.ReadAsStringAsync();
        page.ShouldStartWith("<!DOCTYPE html>");
        page.ShouldContain("Épicerie du Val");
        page.ShouldContain("@media print");
        page.ShouldContain("<svg");

        var md = await Client.GetAsync($"/api/reports/durability?asOf={AsOf}&format=md");
        (await md.Content.ReadAsStringAsync()).ShouldStartWith("# Durabilité des projets");

        var csv = await Client.GetAsync($"/api/reports/durability?asOf={AsOf}&format=csv");
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("subject,date,measure,value,libelle");
        lines.ShouldContain("portfolio,2024-06-30,stopped,1,Portefeuille · Projets arrêtés");
        lines.ShouldContain(l => l.StartsWith("portfolio,2024-06-30,count:reason:fundingLostOrEnded,1,Portefeuille · Projets arrêtés pour la raison « ", StringComparison.Ordinal));
        await EveryLabelIsFrenchAsync($"/api/reports/durability?asOf={AsOf}&format=csv");
        await EveryLabelIsFrenchAsync($"/api/reports/durability/{await StoppedIdAsync()}?asOf={AsOf}&format=csv");
        // What it produced at its stop: the measure names the unit as compared, the label as staff wrote it.
        foreach (var url in new[] { $"/api/reports/durability?asOf={AsOf}&format=csv", $"/api/reports/durability/{id}?asOf={AsOf}&format=csv" })
            (await Client.GetStringAsync(url)).Split('\n').ShouldContain(
                l => l.Contains(",2019-06-01,producedAtStop:activityVolume:mwh,1200,", StringComparison.Ordinal) && l.EndsWith("— MWh", StringComparison.Ordinal), url);
    }

    private async Task<Guid> StoppedIdAsync() =>
        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Select(p => p!["id"]!.GetValue<Guid>()).First();

    /// <summary>Each row's libelle says it in French: no API word (camelCase, a wire prefix) is left in it.</summary>
    private async Task EveryLabelIsFrenchAsync(string url)
    {
        using var csv = global::CsvHelper.CsvReader.Create(await Client.GetByteArrayAsync(url), new global::CsvHelper.CsvReaderOptions { HasHeader = false });
        csv.Read().ShouldBeTrue(url);
        var header = Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToList();
        var (measureAt, labelAt) = (header.IndexOf("measure"), header.IndexOf("libelle"));
        var rows = 0;
        while (csv.Read())
        {
            rows++;
            var (measure, label) = (csv.GetString(measureAt), csv.GetString(labelAt));
            label.ShouldNotBeNullOrWhiteSpace(measure);
            System.Text.RegularExpressions.Regex.IsMatch(label, @"\b[a-z]+[A-Z][A-Za-z]*\b|survival:|network\b|\byears=|\bdate=|stopped=|pillar=")
                .ShouldBeFalse($"{url}: « {label} » ({measure})");
        }
        rows.ShouldBeGreaterThan(10, url);
    }

    [Fact]
    public async Task a_pdf_comes_from_chromium_or_a_503_that_says_what_to_install()
    {
        var id = await StoppedAsync();
        var response = await Client.GetAsync($"/api/reports/durability/{id}?asOf={AsOf}&format=pdf");
        if (ChromiumPdf.IsAvailable())
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
            (await response.Content.ReadAsByteArrayAsync())[..4].ShouldBe("%PDF"u8.ToArray());
        }
        else
        {
            response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await ProblemAsync(response))["detail"]!.GetValue<string>().ShouldContain("apt-get install chromium");
        }
    }

    [Fact]
    public async Task an_unknown_project_is_a_404_a_live_one_a_409_and_a_bad_format_a_400()
    {
        (await Client.GetAsync($"/api/reports/durability/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var live = await RegisterAsync("Toujours là", "2019-01-01");
        var conflict = await Client.GetAsync($"/api/reports/durability/{live}");
        conflict.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await ProblemAsync(conflict);
        problem["rule"]!.GetValue<string>().ShouldBe("projectNotStopped");
        problem["detail"]!.GetValue<string>().ShouldContain("n'est pas arrêté");

        var stopped = await StoppedAsync();
        (await Client.GetAsync($"/api/reports/durability/{stopped}?asOf=2019-06-30")).StatusCode
            .ShouldBe(HttpStatusCode.Conflict, "not stopped yet at that date");

        var bad = await Client.GetAsync("/api/reports/durability?format=docx");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(bad))["errors"]!["format"]![0]!.GetValue<string>().ShouldContain("json, html, pdf, md, csv");
    }

    [Fact]
    public async Task the_demo_imported_through_the_api_gives_the_same_report_as_its_events_folded_in_memory()
    {
        var buffer = new MemoryStream();
        var study = DemoPortfolio.Study();
        PortfolioFormats.Write(DemoPortfolio.ToFile(study), buffer, PortfolioFormat.Xlsx);
        var form = new MultipartFormDataContent { { new ByteArrayContent(buffer.ToArray()), "file", "demo.xlsx" } };
        (await Client.PostAsync("/api/imports", form)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var report = await GetJsonAsync($"/api/reports/durability?asOf={AsOf}");
        report["projects"]!.GetValue<int>().ShouldBe(44);
        report["stoppedCount"]!.GetValue<int>().ShouldBe(study.Count(p => p.Events.OfType<ProjectStopped>().Any()));
        report["watchList"]!.AsArray().Count.ShouldBeInRange(1, report["live"]!.GetValue<int>() - 1);
        report["network"]!["measures"]!["projects"]!.GetValue<int>().ShouldBe(report["live"]!.GetValue<int>());
        var typed = report["typology"]!["stopped"]!.AsArray();
        typed.Count.ShouldBe(report["stoppedCount"]!.GetValue<int>());
        typed.Select(x => (x!["key"]!.GetValue<string>(), x["group"]!.GetValue<int>())).ShouldBe(
            DemoDurabilityReport.Report.Value.Typology!.Stopped.Select(x => (x.Key, x.Group!.Value)),
            "each stopped project read whole the day before its stop, nearest to the same group as in memory");
        report["territory"]!["places"]!.AsArray().Select(t => (t!["code"]!.GetValue<string>(), t["projects"]!.GetValue<int>(), t["stopped"]!.GetValue<int>()))
            .ShouldBe([("inside", 29, 4), ("outside", 15, 2), ("unplaced", 0, 0)]);
        var stopped = report["stopped"]![0]!["id"]!.GetValue<Guid>();
        var page = await Client.GetStringAsync($"/api/reports/durability/{stopped}?asOf={AsOf}&format=html");
        page.ShouldContain(report["stopped"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task both_routes_are_described_in_the_openapi_document()
    {
        var paths = (await GetJsonAsync("/openapi/v1.json"))["paths"]!.AsObject();
        paths["/api/reports/durability"]!["get"]!["tags"]![0]!.GetValue<string>().ShouldBe("Rapports");
        paths["/api/reports/durability/{id}"]!["get"]!["responses"]!.AsObject().Select(r => r.Key).ShouldBe(["200", "400", "401", "404", "409", "503"], ignoreOrder: true);
    }

    [Fact]
    public async Task reports_need_a_signed_in_user()
    {
        var anonymous = App.ClientAs(null);
        (await anonymous.GetAsync("/api/reports/durability")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
