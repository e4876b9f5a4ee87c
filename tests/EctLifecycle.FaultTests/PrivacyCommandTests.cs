using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace EctLifecycle.FaultTests;

/// <summary>
/// `privacy erase`, run as an operator runs it while the app serves as another process: French messages, a non-zero exit
/// for a bad request or a name found nowhere (nothing changed), and the running app, which keeps every timeline in
/// memory, stops showing the name at its very next read.
/// </summary>
public sealed class PrivacyCommandTests(ITestOutputHelper output)
{
    private OwnSchema _db = null!;
    private string _schema => _db.Name;
    private string _connection => _db.ConnectionString;

    [Fact]
    public async Task privacy_erase_masks_the_name_and_the_running_app_stops_showing_it_at_once()
    {
        await using var db = await OwnSchema.CreateAsync("ect_privacy");
        _db = db;
        await RunAsync();
    }

    private async Task RunAsync()
    {
        await using var app = await AppProcess.StartAsync("privacy-command", _connection, _schema);
        using var http = app.Client(await app.IssueAdminTokenAsync());
        var registered = await http.PostAsJsonAsync("/api/projects", new
        {
            name = "Ferme Kerbrat", sector = "alimentation", commune = "Lons-le-Saunier", summary = "Paniers de Gwenaëlle Kerbrat",
            occurredOn = "2018-03-01", emergenceContext = "personalTrigger", hubRole = "animator", inspiredElsewhere = false, key = "P012",
        });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var id = (await registered.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        (await http.PostAsJsonAsync($"/api/projects/{id}/milestones", new
        {
            type = "actorJoined", occurredOn = "2018-04-01", actorName = "GWENAËLLE KERBRAT", kind = "farmer", isLocal = true, role = "carrier",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await HistoryAsync(http, id)).ShouldContain("GWENAËLLE KERBRAT", Case.Sensitive, "the running app keeps the timeline");

        // JasperFx's help on one command exits with 1, as for every command.
        (await AppProcess.RunCommandAsync(_connection, _schema, "help", "privacy")).Stdout.ShouldContain("Motif de l'effacement");
        (await PrivacyAsync(false, "erase", "--name", "Gw", "--reason", "demande")).ShouldContain("--name : le nom doit compter au moins 3 lettres");
        (await PrivacyAsync(false, "erase", "--name", "Gwenaëlle Kerbrat")).ShouldContain("--reason : le motif de l'effacement est obligatoire");
        (await PrivacyAsync(false, "erase", "--name", "Gwenaëlle Kerbrat", "--reason", "demande de gwenaelle kerbrat"))
            .ShouldContain("--reason : le motif ne doit pas contenir le nom de la personne");
        (await PrivacyAsync(false, "erase", "--name", "Gwenaëlle Kerbrat", "--project", "P404", "--reason", "demande"))
            .ShouldContain("--project : aucun projet de clé ou d'identifiant « P404 »");
        (await PrivacyAsync(false, "erase", "--name", "Paulette", "--project", "P012", "--reason", "demande"))
            .ShouldContain("Rien à effacer : aucun événement du projet P012 ne nomme cette personne, ni d'aucun autre projet");
        (await PrivacyAsync(false, "efface", "--name", "Gwenaëlle Kerbrat", "--reason", "demande")).ShouldContain("Action inconnue « efface »");
        (await HistoryAsync(http, id)).ShouldContain("GWENAËLLE KERBRAT", Case.Sensitive, "nothing changed");

        (await PrivacyAsync(false, "erase", "--name", "Gwenaëlle Kerbrat", "--reason", "demande", "--by", "Paulette Martin", "--confirm"))
            .ShouldContain("--by : aucun compte actif « Paulette Martin »");
        var preview = await PrivacyAsync(true, "erase", "--name", "Gwenaëlle Kerbrat", "--project", "p012", "--reason", "demande écrite du 12/03");
        preview.ShouldContain("Aperçu : 2 événement(s) de 1 projet(s) nomment cette personne");
        preview.ShouldContain("relancez avec --confirm pour effacer");
        (await HistoryAsync(http, id)).ShouldContain("GWENAËLLE KERBRAT", Case.Sensitive, "a preview erases nothing");

        var erased = await PrivacyAsync(true, "erase", "--name", "Gwenaëlle Kerbrat", "--project", "p012", "--reason", "demande écrite du 12/03", "--by", "PANNE", "--confirm");
        erased.ShouldContain("Effacement terminé");
        var pseudonym = System.Text.RegularExpressions.Regex.Match(erased, "Personne [0-9A-F]{4}").Value;
        erased.ShouldContain($"le nom est remplacé par « {pseudonym} » dans 2 événement(s) de 1 projet(s)");

        var history = await HistoryAsync(http, id);
        history.ShouldNotContain("Gwenaëlle", Case.Insensitive);
        history.ShouldNotContain("Gwenaelle", Case.Insensitive);
        history.ShouldContain(pseudonym);
        // Who logs imported facts is a login too: a name there would stay in every fact's loggedBy.
        var exported = Path.Combine(Path.GetTempPath(), $"ect-privacy-{Guid.NewGuid():N}.zip");
        try
        {
            (await AppProcess.RunCommandAsync(_connection, _schema, ["export", exported])).ExitCode.ShouldBe(0);
            var byName = await AppProcess.RunCommandAsync(_connection, _schema, ["import", exported, "--dry-run", "--by", "Jeanne Vidal"]);
            byName.ExitCode.ShouldNotBe(0, byName.ToString());
            System.Text.RegularExpressions.Regex.Replace(byName.Stderr, @"\s+", " ").ShouldContain("--by : aucun compte actif « Jeanne Vidal »");
            var byLogin = await AppProcess.RunCommandAsync(_connection, _schema, ["import", exported, "--dry-run", "--by", "panne"]);
            byLogin.ExitCode.ShouldBe(0, byLogin.ToString());
        }
        finally { File.Delete(exported); }

        var erasures = await http.GetStringAsync("/api/privacy/erasures");
        erasures.ShouldContain("\"who\":\"panne\"");
        erasures.ShouldNotContain("Kerbrat", Case.Insensitive);
    }

    private static async Task<string> HistoryAsync(HttpClient http, Guid id) =>
        JsonNode.Parse(await http.GetStringAsync($"/api/projects/{id}/history"))!.ToJsonString(
            new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Runs `privacy ARGS…` and returns what it printed, after checking that it succeeded (exit code 0) or not.</summary>
    private async Task<string> PrivacyAsync(bool succeeds, params string[] args)
    {
        var run = await AppProcess.RunCommandAsync(_connection, _schema, ["privacy", .. args]);
        output.WriteLine($"$ privacy {string.Join(' ', args)}\n{run}");
        if (succeeds) run.ExitCode.ShouldBe(0, run.ToString());
        else run.ExitCode.ShouldNotBe(0, run.ToString());
        // The console wraps long lines at 80 columns.
        return System.Text.RegularExpressions.Regex.Replace(run.Stdout + run.Stderr, @"\s+", " ");
    }
}
