using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Projects;

/// <summary>
/// The kind « Production mesurée » through the API: French numbers read by the one parser, refusals naming the field
/// with nothing appended, its schema in the description, its form, and an export/import round trip.
/// </summary>
public class MeasuringOutputs(AppFixture app) : ApiTest(app)
{
    private static object Outputs(string occurredOn, object? jobsFte = null, object? beneficiaries = null, object? volunteers = null,
        object? activityVolume = null, string? activityUnit = null, object? turnoverEuros = null) => new Dictionary<string, object?>
    {
        ["type"] = "outputsMeasured", ["occurredOn"] = occurredOn, ["jobsFte"] = jobsFte, ["beneficiaries"] = beneficiaries,
        ["volunteers"] = volunteers, ["activityVolume"] = activityVolume, ["activityUnit"] = activityUnit, ["turnoverEuros"] = turnoverEuros,
    }.Where(x => x.Value is not null).ToDictionary();

    [Fact]
    public async Task numbers_typed_the_french_way_are_stored_as_they_read()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Outputs("2019-01-01", jobsFte: "2,5", beneficiaries: "1 200", volunteers: 12, activityVolume: "3 400,75",
            activityUnit: " Paniers ", turnoverEuros: "15 000,50 €"));

        var data = (await HistoryAsync(id))[1]!["data"]!;
        data["jobsFte"]!.GetValue<decimal>().ShouldBe(2.5m);
        data["beneficiaries"]!.GetValue<long>().ShouldBe(1200);
        data["volunteers"]!.GetValue<long>().ShouldBe(12);
        data["activityVolume"]!.GetValue<decimal>().ShouldBe(3400.75m);
        data["activityUnit"]!.GetValue<string>().ShouldBe("Paniers");
        data["turnoverEuros"]!.GetValue<decimal>().ShouldBe(15000.5m);
        data["note"].ShouldBeNull();
    }

    [Theory]
    [InlineData("jobsFte", "\"-2\"", "ne peut pas être négatif")]
    [InlineData("jobsFte", "2.555", "au plus deux chiffres après la virgule")]
    [InlineData("jobsFte", "250000", "au plus 100 000 : vérifiez la valeur")]
    [InlineData("beneficiaries", "-1", "doit valoir au moins 0")]
    [InlineData("beneficiaries", "\"2,5\"", "doit être un nombre entier")]
    [InlineData("beneficiaries", "20000000", "au plus 10 000 000")]
    [InlineData("volunteers", "\"beaucoup\"", "n'est pas un nombre")]
    [InlineData("turnoverEuros", "\"15.000\"", "est ambigu")]
    [InlineData("turnoverEuros", "1e12", "au plus 100 000 000 €")]
    public async Task a_negative_absurd_or_unreadable_value_is_refused_naming_its_field_and_appends_nothing(string field, string json, string message)
    {
        var id = await RegisterAsync();
        var response = await Client.PostAsync($"/api/projects/{id}/milestones", new StringContent(
            $$"""{"type":"outputsMeasured","occurredOn":"2019-01-01","{{field}}":{{json}}}""", System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(response))["errors"]![field]![0]!.GetValue<string>().ShouldContain(message);
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("volunteers", "beaucoup", "nombre entier", "centimes")]
    [InlineData("beneficiaries", "2,5", "nombre entier", "centimes")]
    [InlineData("jobsFte", "deux", "2,5", "centimes")]
    [InlineData("jobsFte", "0,125", "au plus deux chiffres après la virgule", "centimes")]
    [InlineData("turnoverEuros", "beaucoup", "centimes", "nombre entier")]
    public async Task the_message_says_how_to_write_the_number_the_field_asks_for(string field, string typed, string says, string doesNotSay)
    {
        var id = await RegisterAsync();
        var response = await PostMilestoneAsync(id, new Dictionary<string, object> { ["type"] = "outputsMeasured", ["occurredOn"] = "2019-01-01", [field] = typed });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var message = (await ProblemAsync(response))["errors"]![field]![0]!.GetValue<string>();
        message.ShouldContain(says);
        message.ShouldNotContain(doesNotSay, Case.Insensitive);
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_volume_without_its_unit_a_unit_without_a_volume_and_no_measure_at_all_are_refused()
    {
        var id = await RegisterAsync();

        var noUnit = await PostMilestoneAsync(id, Outputs("2019-01-01", activityVolume: 1200));
        (await ProblemAsync(noUnit))["errors"]!["activityUnit"]![0]!.GetValue<string>().ShouldContain("l'unité est obligatoire avec un volume");
        var noVolume = await PostMilestoneAsync(id, Outputs("2019-01-01", jobsFte: 1, activityUnit: "tonnes"));
        (await ProblemAsync(noVolume))["errors"]!["activityVolume"]![0]!.GetValue<string>().ShouldContain("sans volume d'activité");
        var nothing = await PostMilestoneAsync(id, Outputs("2019-01-01"));
        (await ProblemAsync(nothing))["errors"]!["beneficiaries"]![0]!.GetValue<string>().ShouldBe(
            "une production mesurée donne au moins une mesure : bénéficiaires, emplois (ETP), bénévoles, volume d'activité (avec son unité) ou chiffre d'affaires");

        new[] { noUnit, noVolume, nothing }.ShouldAllBe(r => r.StatusCode == HttpStatusCode.BadRequest);
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task the_description_and_the_form_show_the_kind_and_the_journey_phrases_it()
    {
        var schema = (await GetJsonAsync("/openapi/v1.json"))["components"]!["schemas"]!["OutputsMeasuredMilestone"]!;
        schema["title"]!.GetValue<string>().ShouldBe("Production mesurée");
        schema["properties"]!["jobsFte"]!["type"]!.ToJsonString().ShouldContain("number");

        var id = await RegisterAsync();
        var form = await VisibleText.GetAsync(Client, $"/projets/{id}/jalon/outputsMeasured");
        form.ShouldContain("Production mesurée");
        form.ShouldContain("Emplois (ETP)");
        form.ShouldContain("jusqu'à la mesure suivante");

        await LogAsync(id, Outputs("2019-01-01", jobsFte: "2,5", activityVolume: "1 200", activityUnit: "paniers"));
        var card = await VisibleText.GetAsync(Client, $"/projets/{id}");
        card.ShouldContain("Production mesurée : 2,5 ETP, 1 200 paniers");

        // Its note, in the journey as other milestones' notes (it was stored and shown nowhere).
        await LogAsync(id, new { type = "outputsMeasured", occurredOn = "2020-01-01", beneficiaries = 40, note = "chaufferie en service" });
        (await VisibleText.GetAsync(Client, $"/projets/{id}")).ShouldContain("Production mesurée : 40 bénéficiaires — chaufferie en service");
    }

    [Fact]
    public async Task an_export_and_its_import_give_back_the_same_measurements()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Outputs("2019-01-01", jobsFte: "2,5", beneficiaries: 120, activityVolume: "3 400,75", activityUnit: "paniers",
            turnoverEuros: "15 000,50"));
        await LogAsync(id, new { type = "outputsMeasured", occurredOn = "2020-01-01", volunteers = 7, note = "bilan annuel" });
        var before = Measurements(await HistoryAsync(id));

        foreach (var format in new[] { "zip", "xlsx" })
        {
            var export = await Client.GetByteArrayAsync($"/api/exports/portfolio.{format}");
            await App.ResetAsync();
            var upload = new MultipartFormDataContent();
            var content = new ByteArrayContent(export);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            upload.Add(content, "file", $"export.{format}");
            var imported = await Client.PostAsync("/api/imports", upload);
            imported.StatusCode.ShouldBe(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());

            var project = (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Single()!["id"]!.GetValue<Guid>();
            Measurements(await HistoryAsync(project)).ShouldBe(before, format);
        }
    }

    private static List<string> Measurements(JsonArray history) => history
        .Where(e => e!["type"]!.GetValue<string>() == "outputsMeasured")
        .Select(e => string.Join(";", new[] { "occurredOn", "beneficiaries", "jobsFte", "volunteers", "activityVolume", "activityUnit", "turnoverEuros", "note" }
            .Select(f => e!["data"]![f]?.ToJsonString() ?? "null")))
        .ToList();
}
