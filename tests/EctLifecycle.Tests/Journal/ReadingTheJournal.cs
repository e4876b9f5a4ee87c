using System.Net;
using System.Text;
using EctLifecycle.Accounts;
using EctLifecycle.Journal;
using EctLifecycle.Tests.Accounts;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Journal;

/// <summary>
/// The journal is read by admins only: <c>GET /api/audit</c> filtered by the hub's days, a login and a kind, its CSV,
/// and the page <c>/journal</c>.
/// </summary>
public class ReadingTheJournal(AppFixture app) : ApiTest(app)
{
    private static readonly string Staff = AppFixture.LoginOf(Role.Staff);

    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>An entry recorded at a given instant of the app's clock.</summary>
    private async Task RecordAtAsync(string instant, AuditKind kind, string? who, string summary, string? login = null)
    {
        App.Clock.AdjustTime(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));
        await Audit.RecordAsync(Store, App.Clock, kind, who, summary, login);
    }

    [Fact]
    public async Task entries_are_filtered_by_the_hubs_days_a_login_acting_or_concerned_and_a_kind_newest_first()
    {
        // 22:30 UTC on 31 March is already 1 April in Paris (summer time, UTC+2).
        await RecordAtAsync("2026-03-30T12:00:00Z", AuditKind.SignIn, Staff, "Connexion réussie.", Staff);
        await RecordAtAsync("2026-03-31T21:30:00Z", AuditKind.SignInFailed, null, "Échec de connexion : mot de passe incorrect (1 échec de suite).", Staff);
        await RecordAtAsync("2026-03-31T22:30:00Z", AuditKind.AccountDisabled, "test-admin", $"Compte « {Staff} » désactivé ; ses sessions sont fermées.", Staff);
        await RecordAtAsync("2026-04-02T08:00:00Z", AuditKind.Export, "test-analyst", "Export du portefeuille.");

        async Task<IEnumerable<string>> Summaries(string query) => (await TheJournal.ReadAsync(App.Client, query)).Entries.Select(e => e.Summary);

        (await TheJournal.ReadAsync(App.Client)).Entries.Select(e => e.Kind).ShouldBe(
            [AuditKind.Export, AuditKind.AccountDisabled, AuditKind.SignInFailed, AuditKind.SignIn], "newest first");
        (await Summaries("?from=2026-03-31&to=2026-03-31")).ShouldBe(["Échec de connexion : mot de passe incorrect (1 échec de suite)."]);
        (await Summaries("?from=2026-04-01")).Count().ShouldBe(2);
        (await Summaries("?to=2026-03-30")).ShouldBe(["Connexion réussie."]);
        (await TheJournal.ReadAsync(App.Client, $"?who={Staff.ToUpperInvariant()}")).Total.ShouldBe(3, "acting, or the account concerned");
        (await TheJournal.ReadAsync(App.Client, "?who=test-analyst&kind=export")).Total.ShouldBe(1);
        (await TheJournal.ReadAsync(App.Client, "?kind=signInFailed")).Entries.ShouldHaveSingleItem().Login.ShouldBe(Staff);
    }

    [Fact]
    public async Task an_unreadable_filter_is_a_400_naming_each_field_in_french()
    {
        var response = await Client.GetAsync("/api/audit?from=31/03/2026&to=2026-02-30&kind=everything&who=a%00b");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await ProblemAsync(response))["errors"]!.AsObject();
        errors["from"]![0]!.GetValue<string>().ShouldBe("date attendue au format AAAA-MM-JJ : « 31/03/2026 » s'écrit 2026-03-31");
        errors["to"]![0]!.GetValue<string>().ShouldBe("le 30/02/2026 n'existe pas : février 2026 a 28 jours");
        errors["kind"]![0]!.GetValue<string>().ShouldStartWith("type inconnu « everything », attendu parmi : signIn (Connexion), signInFailed (Connexion refusée), signOut (Déconnexion),");
        errors["who"]![0]!.GetValue<string>().ShouldStartWith("l'identifiant contient un caractère nul");

        var reversed = await Client.GetAsync("/api/audit.csv?from=2026-04-02&to=2026-04-01");
        reversed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(reversed))["errors"]!["to"]![0]!.GetValue<string>().ShouldBe("la fin (01/04/2026) précède le début (02/04/2026)");
        (await Client.GetAsync("/api/audit?kind=3")).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a number is no kind");
    }

    [Theory]
    [InlineData(Role.Staff)]
    [InlineData(Role.Analyst)]
    public async Task only_admins_read_the_journal(Role role)
    {
        (await App.ClientAs(role).GetAsync("/api/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.ClientAs(role).GetAsync("/api/audit.csv")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.ClientAs(null).GetAsync("/api/audit")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var browser = await new Browser(App).SignedInAsync(AppFixture.LoginOf(role));
        (await browser.GetAsync("/journal")).Headers.Location!.ToString().ShouldContain("/acces-refuse");
        var refused = await browser.GetAsync("/acces-refuse");
        refused.Status.ShouldBe(HttpStatusCode.Forbidden);
        refused.Text.ShouldContain("Votre rôle ne permet pas d'ouvrir cette page.");
        (await browser.GetAsync("/")).Text.ShouldNotContain("href=\"/journal\"");
    }

    [Fact]
    public async Task the_csv_has_french_headers_paris_times_every_entry_and_no_formula()
    {
        await RecordAtAsync("2026-07-14T08:05:09Z", AuditKind.Import, Staff, "Import de « x.zip » : 1 ligne(s) lue(s).");
        await RecordAtAsync("2026-07-14T09:00:00Z", AuditKind.SignInFailed, null, "Échec de connexion.", "=cmd|' /C calc'!A0");

        var response = await Client.GetAsync("/api/audit.csv?from=2026-07-14");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe($"journal-{App.Today:yyyy-MM-dd}.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(Encoding.UTF8.Preamble.ToArray(), "a byte order mark, for Excel");
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldBe(
        [
            "date et heure (Paris),type,qui,compte concerné,résumé",
            "2026-07-14 11:00:00,Connexion refusée,,'=cmd|' /C calc'!A0,Échec de connexion.",
            "2026-07-14 10:05:09,Import,test-staff,,Import de « x.zip » : 1 ligne(s) lue(s).",
        ]);
    }

    [Fact]
    public async Task the_page_shows_the_entries_the_filters_and_a_link_to_their_csv()
    {
        await RecordAtAsync("2026-05-04T10:00:00Z", AuditKind.TokenIssued, Staff, "Jeton personnel ect_0a1b2c… émis pour « test-staff ».", Staff);
        await RecordAtAsync("2026-05-05T10:00:00Z", AuditKind.Rebuild, "test-admin", "Modèle de lecture reconstruit.");
        using var admin = await new Browser(App).SignedInAsync(AppFixture.LoginOf(Role.Admin));

        var page = await admin.GetAsync("/journal?from=2026-05-04&to=2026-05-04");
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Text.ShouldContain("<td>04/05/2026 12:00:00</td><td>Jeton émis</td>");
        page.Text.ShouldNotContain("Modèle de lecture reconstruit.");
        page.Text.ShouldContain("1 entrée(s), les plus récentes d'abord.");
        page.Text.ShouldContain("href=\"/api/audit.csv?from=2026-05-04&to=2026-05-04\"");
        (await admin.GetAsync("/")).Text.ShouldContain("href=\"/journal\"");

        var bad = await admin.GetAsync("/journal?kind=rien");
        bad.Status.ShouldBe(HttpStatusCode.OK);
        bad.Text.ShouldContain("Type : type inconnu « rien »");
    }

    [Fact]
    public async Task a_long_journal_answers_its_newest_entries_with_how_many_match()
    {
        await using (var session = Store.LightweightSession())
        {
            for (var i = 0; i < GetAuditEndpoint.Limit + 5; i++)
            {
                App.Clock.Advance(TimeSpan.FromSeconds(1));
                Audit.Record(session, App.Clock, AuditKind.SignIn, Staff, $"Connexion réussie ({i}).", Staff);
            }
            await session.SaveChangesAsync();
        }
        var answer = await TheJournal.ReadAsync(App.Client);
        answer.Total.ShouldBe(GetAuditEndpoint.Limit + 5);
        answer.Entries.Count.ShouldBe(GetAuditEndpoint.Limit);
        answer.Entries[0].Summary.ShouldBe($"Connexion réussie ({GetAuditEndpoint.Limit + 4}).");
        using var admin = await new Browser(App).SignedInAsync(AppFixture.LoginOf(Role.Admin));
        (await admin.GetAsync("/journal?kind=signIn&who=test-staff")).Text.ShouldContain($"Les 200 plus récentes des {GetAuditEndpoint.Limit + 5} entrées");
    }
}
