using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Privacy;

/// <summary>
/// Projects whose histories name a person, Gwenaëlle Kerbrat, in every kind of text staff type (the project's name and
/// summary, an actor marked a natural person, the carrier, a funder, a rationale, notes, reasons, a stop and a follow-up), written as staff
/// write it: in capitals, without the accents. Another person, Jean Kerbrat, and Paulette are no one to erase.
/// </summary>
public abstract class PeopleInHistories(AppFixture app) : ApiTest(app)
{
    protected const string Person = "Gwenaëlle Kerbrat";
    /// <summary>Every way the tests write the person's name.</summary>
    protected static readonly string[] Spellings = ["Gwenaëlle Kerbrat", "gwenaelle KERBRAT", "GWENAËLLE KERBRAT"];

    /// <summary>A project named after the person's farm, with their whole story, stopped and followed up; returns its id.</summary>
    protected async Task<Guid> FarmAsync(string key = "P001")
    {
        var response = await Client.PostAsJsonAsync("/api/projects", new
        {
            name = "Ferme de Gwenaëlle Kerbrat", sector = "alimentation", commune = "Lons-le-Saunier",
            summary = "Paniers de la ferme ; gwenaelle KERBRAT livre le mardi", occurredOn = "2018-03-01",
            emergenceContext = "personalTrigger", hubRole = "animator", inspiredElsewhere = false, key,
        });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        object[] story =
        [
            Actor(Person, "2018-04-01", "farmer"),
            Actor("Jean Kerbrat", "2018-04-02", "inhabitant"),
            Actor("Paulette", "2018-04-03", "inhabitant"),
            new { type = "naturalPersonMarked", occurredOn = "2018-04-05", name = "Gwenaëlle Kerbrat", naturalPerson = true },
            new { type = "carrierIdentified", occurredOn = "2018-05-01", carrierName = "gwenaelle KERBRAT" },
            new { type = "structuringPathChosen", occurredOn = "2018-06-01", path = "newLegalEntity" },
            new { type = "legalFormAdopted", occurredOn = "2018-07-01", form = "association", inEss = true },
            new { type = "fundingSecured", occurredOn = "2018-08-01", fundingId = "PRET-1", sourceKind = "loan", funder = "Prêt d'honneur de GWENAËLLE KERBRAT", amountEuros = 5000 },
            new { type = "fundingSecured", occurredOn = "2018-08-02", fundingId = "REG-1", sourceKind = "publicSubsidy", funder = "Région", amountEuros = 20000 },
            new { type = "accompanimentStarted", occurredOn = "2018-09-01", byHub = false, structure = "Couveuse de Gwenaëlle Kerbrat", programme = "Amorçage" },
            new { type = "externalExpertiseSought", occurredOn = "2018-10-01", what = "comptabilité", fromWhom = "le cabinet de Gwenaëlle Kerbrat", outsideTerritory = false },
            new
            {
                type = "criteriaAssessed", occurredOn = "2019-01-15", gridVersion = "v1",
                scores = new object[] { new { criterionId = "cooperation-alive", points = 2, rationale = "Gwenaëlle Kerbrat anime les réunions" } },
            },
            new { type = "note", occurredOn = "2019-02-01", text = "Appel de Gwenaëlle Kerbrat :\nelle cherche un local" },
            new { type = "projectPaused", occurredOn = "2019-03-01", reason = "congé de Gwenaëlle Kerbrat" },
            new { type = "projectResumed", occurredOn = "2019-05-01", note = "retour de Gwenaëlle Kerbrat" },
            new { type = "carryingHandedOver", occurredOn = "2019-06-01", from = "Gwenaëlle Kerbrat", to = "Jean Kerbrat", hubAsIntermediary = true },
            new { type = "actorLeft", occurredOn = "2019-07-01", actorName = "GWENAËLLE KERBRAT", reason = "Gwenaëlle Kerbrat déménage" },
            new { type = "fundingEnded", occurredOn = "2019-08-01", fundingId = "PRET-1", reason = "remboursé à Gwenaëlle Kerbrat" },
            new { type = "accompanimentEnded", occurredOn = "2019-09-01", byHub = false, structure = "Couveuse de Gwenaëlle Kerbrat" },
            new
            {
                type = "projectStopped", occurredOn = "2020-06-01", reasons = new[] { "carrierLeft", "other" },
                otherReason = "Gwenaëlle Kerbrat n'est pas remplacée", note = "Jean Kerbrat garde le matériel",
                activityTakenOverBy = "Gwenaëlle Kerbrat", assetsPassedOnTo = "Jean Kerbrat", lastingNetwork = true, jobsKept = 1,
            },
            new { type = "followUpObserved", occurredOn = "2021-06-01", activityStillRunning = true, takenOverBy = "gwenaelle KERBRAT", note = "vu Paulette" },
        ];
        foreach (var milestone in story) await LogAsync(id, milestone);
        return id;
    }

    /// <summary>A project that does not name the person.</summary>
    protected async Task<Guid> NeighbourAsync()
    {
        var id = await RegisterAsync("Jardin partagé");
        await LogAsync(id, Actor("Jean Kerbrat", "2018-05-01", "inhabitant"));
        await LogAsync(id, Actor("Paulette Kerbrat-Durand", "2018-05-02", "inhabitant"));
        return id;
    }

    protected async Task<HttpResponseMessage> EraseAsync(object body, HttpClient? client = null) =>
        await (client ?? Client).PostAsJsonAsync("/api/privacy/erasures", body);

    /// <summary>Erases the person everywhere; returns the pseudonym.</summary>
    protected async Task<string> ErasedAsync(string name = Person, string? projectId = null)
    {
        var response = await EraseAsync(new { name, projectId, reason = "demande écrite de la personne du 12/03" });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["pseudonym"]!.GetValue<string>();
    }

    /// <summary>What a client reads at <paramref name="url"/>, as text: JSON and HTML with their characters unescaped, a zip as its entries' texts.</summary>
    protected static async Task<string> ReadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, $"{url}: {await response.Content.ReadAsStringAsync()}");
        var type = response.Content.Headers.ContentType?.MediaType ?? "";
        if (type == "application/zip")
        {
            using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
            var text = new StringBuilder();
            foreach (var entry in zip.Entries.OrderBy(e => e.FullName))
            {
                using var reader = new StreamReader(entry.Open());
                text.Append($"--- {entry.FullName}\n").Append(await reader.ReadToEndAsync());
            }
            return text.ToString();
        }
        var body = await response.Content.ReadAsStringAsync();
        return type.Contains("json") ? JsonNode.Parse(body)!.ToJsonString(Unescaped)
            : type == "text/html" ? System.Net.WebUtility.HtmlDecode(body) : body;
    }

    /// <summary>The text with each way the tests write the name replaced by <paramref name="pseudonym"/>.</summary>
    protected static string Pseudonymised(string text, string pseudonym) =>
        Spellings.Aggregate(text, (t, spelling) => t.Replace(spelling, PseudonymOf(spelling, pseudonym), StringComparison.Ordinal))
            // What the app derives in lower case (an accompaniment's key, from its structure's name).
            .Replace(Person.ToLowerInvariant(), pseudonym.ToLowerInvariant(), StringComparison.Ordinal);

    /// <summary>
    /// The pseudonym of one spelling: the app tells « gwenaelle KERBRAT » (without its accents) from the others (which
    /// differ only by case, one name for it), so the erasure gives it a pseudonym of its own, the second it meets (the
    /// registration's summary comes after its name).
    /// </summary>
    protected static string PseudonymOf(string spelling, string pseudonym) =>
        spelling == "gwenaelle KERBRAT" ? $"{pseudonym}-2" : pseudonym;

    protected static void ShouldNotName(string text, string where)
    {
        text.ShouldNotContain("Gwenaëlle", Case.Insensitive, where);
        text.ShouldNotContain("Gwenaelle", Case.Insensitive, where);
    }

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
