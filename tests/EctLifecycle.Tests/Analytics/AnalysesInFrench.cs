using System.Net;
using System.Text.RegularExpressions;
using CsvHelper;
using EctLifecycle.Accounts;
using EctLifecycle.Analytics;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Analytics;

/// <summary>
/// The analysts' page as an analyst reads it: French words only, a form that shows the parameters of the analysis
/// displayed, a CSV link that answers from every view, and the exports on their own page.
/// </summary>
public partial class AnalysesInFrench(AppFixture app) : ApiTest(app)
{
    private static readonly string[] Views = ["distribution", "compare", "sample", "cohorts", "aligned", "typology", "persistence", "outputs"];

    private HttpClient Analyst => App.ClientAs(Role.Analyst);

    /// <summary>Two projects with a legal form each, one accompanied by the hub, so that every cohort has a French value to show.</summary>
    private async Task<Guid> PortfolioAsync()
    {
        var one = await RegisterAsync("Les Paniers", "2015-01-01");
        await LogAsync(one, Actor("Mairie", "2015-02-01", "publicBody"));
        await LogAsync(one, new { type = "accompanimentStarted", occurredOn = "2015-01-15", byHub = true });
        await LogAsync(one, new { type = "accompanimentEnded", occurredOn = "2018-01-15", byHub = true });
        await LogAsync(one, new { type = "legalFormAdopted", occurredOn = "2016-05-01", form = "associationPlusSas", inEss = true });
        await LogAsync(one, new { type = "outputsMeasured", occurredOn = "2017-01-01", jobsFte = "2,5", activityVolume = "1 200", activityUnit = "paniers" });
        var two = await RegisterAsync("La Recyclerie", "2016-03-01");
        await LogAsync(two, new { type = "legalFormAdopted", occurredOn = "2017-05-01", form = "scic", inEss = true });
        await LogAsync(two, new { type = "projectStopped", occurredOn = "2020-01-01", reasons = new[] { "goalReached" } });
        return one;
    }

    private async Task<string> PageAsync(string url)
    {
        var response = await Analyst.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return await response.Content.ReadAsStringAsync();
    }

    [Theory]
    [InlineData("cohorts")]
    [InlineData("aligned")]
    [InlineData("sample")]
    public async Task an_analysis_as_known_before_any_project_was_logged_says_so_instead_of_an_empty_table(string view)
    {
        await PortfolioAsync();
        var before = App.Today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var empty = Support.VisibleText.Of(await PageAsync($"/analyses?vue={view}&asOf=2020-12-31&knownAt={before}"));
        empty.ShouldContain($"Aucun projet à compter pour cette analyse au 31/12/2020, tel que le portefeuille était connu le {App.Today.AddDays(-1):dd/MM/yyyy}.");
        var known = await PageAsync($"/analyses?vue={view}&asOf=2020-12-31");
        known.ShouldNotContain("data-testid=\"empty-answer\"");
    }

    [Fact]
    public async Task every_csv_link_answers_csv_from_each_views_default_with_a_french_label_per_row()
    {
        await PortfolioAsync();
        foreach (var view in Views)
        {
            var html = await PageAsync($"/analyses?vue={view}");
            var links = CsvLink().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
            links.ShouldNotBeEmpty(view);
            foreach (var link in links)
            {
                var response = await Analyst.GetAsync(link);
                response.StatusCode.ShouldBe(HttpStatusCode.OK, link);
                response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
                var rows = Rows(await response.Content.ReadAsByteArrayAsync());
                rows[0].ShouldBe(["subject", "date", "measure", "value", "libelle"]);
                rows.Count.ShouldBeGreaterThan(1, link);
                foreach (var row in rows.Skip(1))
                {
                    row.Length.ShouldBe(5, link);
                    NoWireWord(row[4], $"{link}: {string.Join(",", row)}");
                }
            }
        }
    }

    [Fact]
    public async Task the_csv_keeps_the_apis_values_and_says_them_in_french_in_its_label()
    {
        var one = await PortfolioAsync();
        var rows = Rows(await Analyst.GetByteArrayAsync("/api/analytics/cohorts.csv?by=legalForm&period=year&asOf=2018-12-31"));
        var sas = rows.First(r => r[0] == "legalForm=associationPlusSas" && r[2] == "count");
        sas[4].ShouldBe("Forme juridique : Association + SAS · Nombre de projets");
        var aligned = Rows(await Analyst.GetByteArrayAsync("/api/analytics/aligned.csv?on=hubSupportEnded&by=accompanied&asOf=2020-12-31"));
        aligned.First(r => r[0] == "accompanied=yes|offset=+1" && r[2] == "mean:collective-ownership")[4]
            .ShouldBe("Accompagné par le pôle : oui, 1 an après le jalon · Moyenne : Portage collectif");
        var portfolio = Rows(await Analyst.GetByteArrayAsync("/api/analytics/portfolio.csv?asOf=2018-12-31"));
        portfolio.First(r => r[2] == "legalForm" && r[3] == "associationPlusSas")[4].ShouldEndWith("Forme juridique : Association + SAS");
        portfolio.First(r => r[2] == "ectPotential")[3].ShouldBe("0", "values stay the API's, for R and pandas");
        var drift = Rows(await Analyst.GetByteArrayAsync($"/api/analytics/projects/{one}/drift.csv?asOf=2020-12-31"));
        drift.First(r => r[1] == "2016-05-01" && r[2] == "change")[4].ShouldEndWith("Changement : Forme juridique adoptée");
        foreach (var row in drift.Skip(1)) NoWireWord(row[4], string.Join(",", row));
    }

    [Theory]
    [InlineData("cohorts", "by=legalForm&period=month", "Forme juridique", "mois")]
    [InlineData("cohorts", "by=emergenceContext&period=quarter", "Cadre d'émergence", "trimestre")]
    [InlineData("aligned", "by=accompanied&on=legalFormAdopted", "Accompagné par le pôle", "Adoption d'une forme juridique")]
    [InlineData("aligned", "by=stopped&on=hubSupportEnded", "Arrêté", "Fin de l'accompagnement par le pôle")]
    [InlineData("sample", "", "Échantillon qualitatif", "Porteur")]
    [InlineData("compare", "grid=v1&with=v2", "Deux grilles", "Comparée à")]
    [InlineData("distribution", "", "Distribution des scores", "Grille")]
    [InlineData("typology", "", "Typologie", "Trop peu de projets")]
    [InlineData("outputs", "by=legalForm", "Volume d'activité (12 derniers mois) — paniers", "Association + SAS")]
    public async Task the_page_says_its_fields_options_cohorts_and_periods_in_french(string view, string query, string word, string other)
    {
        await PortfolioAsync();
        var text = VisibleText(await PageAsync($"/analyses?vue={view}&asOf=2020-12-31&{query}"));
        text.ShouldContain(word);
        text.ShouldContain(other);
        NoWireWord(text, view);
    }

    [Fact]
    public async Task cohort_tables_and_legends_name_each_cohort_in_french()
    {
        await PortfolioAsync();
        var html = WebUtility.HtmlDecode(await PageAsync("/analyses?vue=cohorts&by=legalForm&period=year&asOf=2018-12-31"));
        html.ShouldContain("<td>Association + SAS</td>");
        html.ShouldContain("<td>SCIC</td>");
        var start = html.IndexOf("<ul class=\"chart-legend\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, "the chart has its legend (in HTML, under the drawing)");
        html[start..html.IndexOf("</ul>", start, StringComparison.Ordinal)].ShouldContain("Association + SAS", customMessage: "the chart's legend");
        var accompanied = await PageAsync("/analyses?vue=cohorts&by=accompanied&asOf=2018-12-31");
        accompanied.ShouldContain("<td>oui</td>");
        accompanied.ShouldContain("<td>non</td>");
    }

    [Fact]
    public async Task each_form_shows_the_parameters_of_what_is_displayed_and_afficher_shows_the_same()
    {
        await PortfolioAsync();
        var today = App.Today.ToString("yyyy-MM-dd");
        foreach (var view in Views)
        {
            var html = await PageAsync($"/analyses?vue={view}");
            var fields = FormFields(html);
            fields["asOf"].ShouldBe(today, view);
            fields["grid"].ShouldBe("v1", view);
            if (view == "compare") fields["with"].ShouldBe("v2");
            if (view == "cohorts") (fields["by"], fields["period"]).ShouldBe(("accompanied", "year"), "the defaults the analysis used");
            if (view == "aligned") (fields["by"], fields["on"]).ShouldBe(("", "hubSupportEnded"));
            if (view == "outputs") fields["by"].ShouldBe("");

            // « Afficher » without a change: the same analysis, the same CSV.
            var again = await PageAsync("/analyses?" + string.Join("&", fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}")));
            Shown(again).ShouldBe(Shown(html), view);
            CsvLink().Match(again).Value.ShouldBe(CsvLink().Match(html).Value, view);
            FormFields(again).ShouldBe(fields, view);
        }
    }

    [Fact]
    public async Task a_shared_link_shows_its_parameters_in_the_form_and_the_csv()
    {
        await PortfolioAsync();
        var html = await PageAsync("/analyses?vue=aligned&asOf=2020-06-30&knownAt=" + App.Today.ToString("yyyy-MM-dd") + "&grid=v2&by=legalForm&on=carrierLost");
        var fields = FormFields(html);
        (fields["asOf"], fields["grid"], fields["by"], fields["on"]).ShouldBe(("2020-06-30", "v2", "legalForm", "carrierLost"));
        fields["knownAt"].ShouldBe(App.Today.ToString("yyyy-MM-dd"));
        Shown(html).ShouldContain("au 30/06/2020");
        Shown(html).ShouldContain("« Perte du porteur »");
        var csv = WebUtility.HtmlDecode(CsvLink().Match(html).Groups[1].Value);
        csv.ShouldStartWith("/api/analytics/aligned.csv?");
        csv.ShouldContain("asOf=2020-06-30");
        csv.ShouldContain("grid=v2");
        csv.ShouldContain("by=legalForm");
        csv.ShouldContain("on=carrierLost");
        // The other questions keep the dates and the grid.
        html.ShouldContain(WebUtility.HtmlEncode("?vue=sample&asOf=2020-06-30&grid=v2"));
    }

    [Fact]
    public async Task a_bad_parameter_is_named_in_french_with_the_menus_words()
    {
        var text = VisibleText(await PageAsync("/analyses?vue=cohorts&period=fortnight"));
        text.ShouldContain("Période : valeur inconnue « fortnight », attendu parmi : mois, trimestre, année");
    }

    [Fact]
    public async Task exports_have_their_own_page_in_the_analysts_menu_and_import_is_titled_for_what_it_does()
    {
        var exports = await PageAsync("/exports");
        exports.ShouldContain("<a href=\"/exports\" aria-current=\"page\">Exports</a>");
        exports.ShouldContain("href=\"/api/exports/portfolio.xlsx\"");
        exports.ShouldContain("href=\"/api/exports/portfolio.zip\"");
        foreach (var link in new[] { "/api/exports/portfolio.xlsx", "/api/exports/portfolio.zip" })
            (await Analyst.GetAsync(link)).StatusCode.ShouldBe(HttpStatusCode.OK, link);
        var csv = await Analyst.GetAsync(WebUtility.HtmlDecode(CsvLink().Match(exports).Groups[1].Value));
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var noRedirect = new HttpClient(App.Host.Server.CreateHandler()) { BaseAddress = Analyst.BaseAddress };
        noRedirect.DefaultRequestHeaders.Authorization = Analyst.DefaultRequestHeaders.Authorization;
        var import = await noRedirect.GetAsync("/import");
        import.StatusCode.ShouldBe(HttpStatusCode.Redirect, "an analyst who came to the old page finds the exports");
        import.Headers.Location!.ToString().ShouldBe("/exports");

        var admin = await (await Client.GetAsync("/")).Content.ReadAsStringAsync();
        admin.ShouldContain(">Exports</a>", customMessage: "admins analyse too");
        var staff = App.ClientAs(Role.Staff);
        (await staff.GetAsync("/exports")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var staffImport = await (await staff.GetAsync("/import")).Content.ReadAsStringAsync();
        staffImport.ShouldContain("<title>Import du tableur");
        staffImport.ShouldNotContain("xport");
    }

    private static string Shown(string html) => WebUtility.HtmlDecode(ShownAnalysis().Match(html).Groups[1].Value);

    private static List<string[]> Rows(byte[] file)
    {
        using var csv = CsvReader.Create(file, new CsvReaderOptions { HasHeader = false });
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray());
        return rows;
    }

    /// <summary>What the form would send: each input's value and each select's chosen option.</summary>
    private static Dictionary<string, string> FormFields(string html)
    {
        var form = html[html.IndexOf("<form method=\"get\"", StringComparison.Ordinal)..];
        form = form[..form.IndexOf("</form>", StringComparison.Ordinal)];
        var fields = new Dictionary<string, string>();
        foreach (Match input in Input().Matches(form))
            fields[input.Groups["name"].Value] = WebUtility.HtmlDecode(Attribute(input.Value, "value") ?? "");
        foreach (Match select in Select().Matches(form))
        {
            var options = Option().Matches(select.Groups["options"].Value).ToList();
            var chosen = options.FirstOrDefault(o => o.Value.Contains("selected=\"selected\"")) ?? options.First();
            fields[select.Groups["name"].Value] = WebUtility.HtmlDecode(Attribute(chosen.Value, "value") ?? "");
        }
        return fields;
    }

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The text a person reads: tags and the page's script left out, the charts' text kept.</summary>
    private static string VisibleText(string html) =>
        WebUtility.HtmlDecode(Tag().Replace(Script().Replace(html, " "), " "));

    // The API's words: its lists' wire names, the cohorts' raw values, the pillars' ids, camelCase words.
    private static readonly string[] WireWords =
    [
        .. Vocabulary.WireNames<CohortField>(), .. Vocabulary.WireNames<Period>(), .. Vocabulary.WireNames<AlignAnchor>(),
        .. Vocabulary.WireNames<LegalForm>(), .. Vocabulary.WireNames<EmergenceContext>(), .. Vocabulary.WireNames<HubRole>(),
        .. Vocabulary.WireNames<Stage>(), .. Grid.PillarIds, "yes", "no", "none", "all", "live", "portfolio", "mean", "median", "count", "offset",
    ];

    private static void NoWireWord(string text, string where)
    {
        foreach (var word in WireWords)
            Regex.IsMatch(text, $"(?<![\\w-]){Regex.Escape(word)}(?![\\w-])").ShouldBeFalse($"« {word} » in {where}: {text}");
        CamelCase().Match(text).Success.ShouldBeFalse($"« {CamelCase().Match(text).Value} » in {where}");
    }

    [GeneratedRegex("href=\"(/api/analytics/[^\"]+\\.csv[^\"]*)\"")]
    private static partial Regex CsvLink();

    [GeneratedRegex("data-testid=\"analysis-shown\">(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex ShownAnalysis();

    [GeneratedRegex("<input[^>]*\\sname=\"(?<name>[^\"]+)\"[^>]*>")]
    private static partial Regex Input();

    [GeneratedRegex("<select[^>]*\\sname=\"(?<name>[^\"]+)\"[^>]*>(?<options>.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex Select();

    [GeneratedRegex("<option[^>]*>")]
    private static partial Regex Option();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex("<script.*?</script>", RegexOptions.Singleline)]
    private static partial Regex Script();

    [GeneratedRegex("\\b[a-z]+[A-Z]\\w*\\b")]
    private static partial Regex CamelCase();
}
