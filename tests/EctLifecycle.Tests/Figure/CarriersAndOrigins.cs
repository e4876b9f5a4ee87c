using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Figure;

/// <summary>
/// The carrier's type and profile, and what a project was born of, through the API: refusals in French naming the field
/// (nothing appended), the lineage's rules across projects (the source exists, is not the project, closes no cycle), the
/// form, the journey, and an export/import round trip.
/// </summary>
public class CarriersAndOrigins(AppFixture app) : ApiTest(app)
{
    private static object Born(string origin, string? sourceProject = null, string? method = null, string occurredOn = "2019-01-01") =>
        new Dictionary<string, object?> { ["type"] = "bornOf", ["occurredOn"] = occurredOn, ["origin"] = origin, ["sourceProject"] = sourceProject, ["method"] = method }
            .Where(x => x.Value is not null).ToDictionary();

    private async Task<string> KeyAsync(Guid id) => (await HistoryAsync(id))[0]!["data"]!["key"]!.GetValue<string>();

    [Fact]
    public async Task a_carrier_is_typed_the_hub_is_not_a_person_and_an_old_carrier_reads_as_not_said()
    {
        var id = await RegisterAsync();
        var bad = await PostMilestoneAsync(id, new { type = "carrierIdentified", occurredOn = "2019-01-01", carrierName = "Clus'Ter Jura",
            carrierType = "hubAwaitingCarrier", naturalPerson = true });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(bad))["errors"]!["carrierType"]![0]!.GetValue<string>().ShouldContain("le pôle n'est pas une personne physique");
        var unknown = await PostMilestoneAsync(id, new { type = "carrierIdentified", occurredOn = "2019-01-01", carrierName = "X", carrierType = "robot" });
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(unknown))["errors"]!["carrierType"]![0]!.GetValue<string>().ShouldContain("une structure");
        (await HistoryAsync(id)).Count.ShouldBe(1);

        await LogAsync(id, new { type = "carrierIdentified", occurredOn = "2019-01-01", carrierName = "Clus'Ter Jura", carrierType = "hubAwaitingCarrier" });
        await LogAsync(id, new { type = "carryingHandedOver", occurredOn = "2020-01-01", from = "Clus'Ter Jura", to = "Léa Morel",
            hubAsIntermediary = true, toNaturalPerson = true, toCarrierType = "person" });
        var untyped = await RegisterAsync("Sans type");
        await LogAsync(untyped, new { type = "carrierIdentified", occurredOn = "2019-01-01", carrierName = "Asso du Val" });

        var history = await HistoryAsync(id);
        history[1]!["data"]!["carrierType"]!.GetValue<string>().ShouldBe("hubAwaitingCarrier");
        history[2]!["data"]!["toCarrierType"]!.GetValue<string>().ShouldBe("person");
        (await HistoryAsync(untyped))[1]!["data"]!.AsObject().ContainsKey("carrierType").ShouldBeFalse();

        var card = await VisibleText.GetAsync(Client, $"/projets/{id}");
        card.ShouldContain("Clus'Ter Jura, le pôle, dans l'attente de l'identification d'un porteur");
        card.ShouldContain("à Léa Morel (personne physique), une personne");
        var form = await VisibleText.GetAsync(Client, $"/projets/{id}/jalon/carrierIdentified");
        form.ShouldContain("Type de porteur");
    }

    [Fact]
    public async Task a_profile_is_the_current_carriers_and_says_at_least_one_thing()
    {
        var id = await RegisterAsync();
        var noCarrier = await PostMilestoneAsync(id, new { type = "carrierProfiled", occurredOn = "2019-02-01", carrierName = "Léa", carrierStatus = "volunteer" });
        noCarrier.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await LogAsync(id, new { type = "carrierIdentified", occurredOn = "2019-01-01", carrierName = "Léa", carrierType = "person", naturalPerson = true });
        var other = await PostMilestoneAsync(id, new { type = "carrierProfiled", occurredOn = "2019-02-01", carrierName = "Paul", carrierStatus = "volunteer" });
        other.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ProblemAsync(other))["detail"]!.GetValue<string>().ShouldContain("n'est pas le porteur");
        var empty = await PostMilestoneAsync(id, new { type = "carrierProfiled", occurredOn = "2019-02-01", carrierName = "Léa" });
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(empty))["errors"]!["carrierStatus"]![0]!.GetValue<string>().ShouldContain("dites au moins");
        (await HistoryAsync(id)).Count.ShouldBe(2);

        await LogAsync(id, new { type = "carrierProfiled", occurredOn = "2019-02-01", carrierName = "léa", carrierKind = "inhabitant",
            carrierStatus = "volunteer", timeGiven = "partTime" });
        (await VisibleText.GetAsync(Client, $"/projets/{id}")).ShouldContain("Profil du porteur : léa (habitant, bénévole, temps partiel)");
    }

    [Fact]
    public async Task a_project_is_born_of_an_existing_other_project_and_the_lineage_cannot_loop()
    {
        var a = await RegisterAsync("A");
        var b = await RegisterAsync("B");
        var c = await RegisterAsync("C");
        var (keyA, keyB, keyC) = (await KeyAsync(a), await KeyAsync(b), await KeyAsync(c));

        var unknown = await PostMilestoneAsync(b, Born("otherProjectCarrier", "P999"));
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(unknown))["errors"]!["sourceProject"]![0]!.GetValue<string>().ShouldContain("aucun projet du portefeuille n'a la clé « P999 »");
        var self = await PostMilestoneAsync(b, Born("spinOff", keyB));
        (await ProblemAsync(self))["errors"]!["sourceProject"]![0]!.GetValue<string>().ShouldContain("né de lui-même");
        var noSource = await PostMilestoneAsync(b, Born("otherProjectCollective"));
        (await ProblemAsync(noSource))["errors"]!["sourceProject"]![0]!.GetValue<string>().ShouldContain("obligatoire");
        var noMethod = await PostMilestoneAsync(b, Born("hubMethod"));
        (await ProblemAsync(noMethod))["errors"]!["method"]![0]!.GetValue<string>().ShouldContain("le nom de la méthode");
        new[] { unknown, self, noSource, noMethod }.ShouldAllBe(r => r.StatusCode == HttpStatusCode.BadRequest);
        (await HistoryAsync(b)).Count.ShouldBe(1);

        // By id or by key (any case), the source is stored as its key.
        await LogAsync(b, Born("otherProjectCarrier", a.ToString()));
        await LogAsync(c, Born("spinOff", keyB.ToLowerInvariant()));
        (await HistoryAsync(b))[1]!["data"]!["sourceProject"]!.GetValue<string>().ShouldBe(keyA);
        (await HistoryAsync(c))[1]!["data"]!["sourceProject"]!.GetValue<string>().ShouldBe(keyB);

        var loop = await PostMilestoneAsync(a, Born("replicationElsewhere", keyC));
        loop.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await ProblemAsync(loop);
        problem["detail"]!.GetValue<string>().ShouldContain("la filiation ne peut pas boucler");
        (await HistoryAsync(a)).Count.ShouldBe(1);

        // Once B's origin is retracted, nothing loops any more.
        var bornB = (await HistoryAsync(b))[1]!["eventId"]!.GetValue<Guid>();
        await LogAsync(b, new { type = "retraction", occurredOn = "2019-01-01", retractedEventId = bornB, reason = "erreur de saisie" });
        await LogAsync(a, Born("replicationElsewhere", keyC));
        await LogAsync(a, Born("hubMethod", method: "Fabrique à initiatives"));
        var card = await VisibleText.GetAsync(Client, $"/projets/{a}");
        card.ShouldContain($"une réplication d'ailleurs (projet {keyC})");
        card.ShouldContain("une méthode animée par le pôle « Fabrique à initiatives »");
        (await VisibleText.GetAsync(Client, $"/projets/{a}/jalon/bornOf")).ShouldContain("Projet d'origine (sa clé)");
    }

    [Fact]
    public async Task an_export_and_its_import_give_back_the_types_profiles_and_origins()
    {
        var a = await RegisterAsync("A");
        var b = await RegisterAsync("B");
        await LogAsync(a, new { type = "carrierIdentified", occurredOn = "2019-01-01", carrierName = "Clus'Ter Jura", carrierType = "hubAwaitingCarrier" });
        await LogAsync(b, new { type = "carrierIdentified", occurredOn = "2019-01-01", carrierName = "Léa", carrierType = "person", naturalPerson = true });
        await LogAsync(b, new { type = "carrierProfiled", occurredOn = "2019-01-02", carrierName = "Léa", carrierStatus = "elected", timeGiven = "occasional" });
        await LogAsync(b, Born("otherProjectCollective", await KeyAsync(a)));
        var before = Facts(await HistoryAsync(a)).Concat(Facts(await HistoryAsync(b))).Order().ToList();
        string.Join("|", before).ShouldContain("\"elected\";\"occasional\"");
        string.Join("|", before).ShouldContain("\"otherProjectCollective\"");

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

            var after = new List<string>();
            foreach (var p in (await GetJsonAsync("/api/projects"))["projects"]!.AsArray())
                after.AddRange(Facts(await HistoryAsync(p!["id"]!.GetValue<Guid>())));
            after.Order().ToList().ShouldBe(before, format);
        }
    }

    private static IEnumerable<string> Facts(JsonArray history) => history
        .Where(e => e!["type"]!.GetValue<string>() is "carrierIdentified" or "carrierProfiled" or "bornOf")
        .Select(e => e!["type"]!.GetValue<string>() + string.Join(";", new[] { "carrierType", "carrierStatus", "timeGiven", "origin", "sourceProject" }
            .Select(f => e!["data"]![f]?.ToJsonString() ?? "null")));
}
