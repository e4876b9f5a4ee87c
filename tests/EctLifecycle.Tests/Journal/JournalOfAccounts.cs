using System.Net;
using EctLifecycle.Accounts;
using EctLifecycle.Journal;
using EctLifecycle.Tests.Accounts;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Journal;

/// <summary>
/// Sign-ins and their failures, sign-outs, account and role changes, tokens issued and revoked are in the journal: who
/// acted, on which account, and a French summary. A login no account has is never written (it is often a password).
/// </summary>
public class JournalOfAccounts(AppFixture app) : ApiTest(app)
{
    private static readonly string Staff = AppFixture.LoginOf(Role.Staff), Admin = AppFixture.LoginOf(Role.Admin);

    [Fact]
    public async Task a_sign_in_its_failures_and_a_lockout_are_in_the_journal_with_the_login_tried_unless_no_account_has_it()
    {
        await new Browser(App).SignedInAsync(Staff);
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        await new Browser(App).SignInAsync(Staff, "pas-le-bon-mot-de-passe");
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        await new Browser(App).SignInAsync("MonMotDePasse2024!", "mot-de-passe-de-test"); // the password typed as the login

        var signIns = await TheJournal.OfKindAsync(App.Client, AuditKind.SignIn);
        signIns.ShouldHaveSingleItem().Who.ShouldBe(Staff);
        signIns[0].Login.ShouldBe(Staff);
        signIns[0].Summary.ShouldBe("Connexion réussie.");

        var failures = await TheJournal.OfKindAsync(App.Client, AuditKind.SignInFailed);
        failures.Count.ShouldBe(2);
        failures[0].ShouldSatisfyAllConditions(
            f => f.Who.ShouldBeNull(), f => f.Login.ShouldBe(Staff),
            f => f.Summary.ShouldBe("Échec de connexion : mot de passe incorrect (1 échec de suite)."));
        failures[1].Login.ShouldBeNull();
        failures[1].Summary.ShouldBe("Échec de connexion : identifiant inconnu (non conservé) (1 échec de suite).");
        var everything = await App.Client.GetStringAsync("/api/audit");
        everything.ShouldNotContain("MonMotDePasse2024", Case.Insensitive);
        (await App.Client.GetStringAsync("/api/audit.csv")).ShouldNotContain("MonMotDePasse2024", Case.Insensitive);

        for (var i = 0; i < 4; i++) await new Browser(App).SignInAsync(Staff, "pas-le-bon-mot-de-passe");
        (await new Browser(App).SignInAsync(Staff)).Status.ShouldBe(HttpStatusCode.TooManyRequests);
        failures = await TheJournal.OfKindAsync(App.Client, AuditKind.SignInFailed);
        failures.Select(f => f.Summary).ShouldContain("Échec de connexion : mot de passe incorrect (5 échecs de suite) ; l'identifiant est verrouillé 1 minute.");
        failures.Select(f => f.Summary).ShouldContain(
            "Connexion refusée sans vérifier le mot de passe : l'identifiant est verrouillé encore 1 minute après trop d'échecs.");
    }

    [Fact]
    public async Task a_disabled_account_trying_to_sign_in_and_a_sign_out_are_in_the_journal()
    {
        using var staff = await new Browser(App).SignedInAsync(Staff);
        await staff.PostFormAsync("/compte", "/deconnexion");
        (await TheJournal.OfKindAsync(App.Client, AuditKind.SignOut)).ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Who.ShouldBe(Staff), e => e.Login.ShouldBe(Staff),
            e => e.Summary.ShouldBe("Déconnexion : toutes les sessions du compte sont fermées."));

        using var admin = await new Browser(App).SignedInAsync(Admin);
        await admin.PostFormAsync("/utilisateurs", "/utilisateurs?handler=Basculer", ("id", Staff));
        await new Browser(App).SignInAsync(Staff);
        (await TheJournal.OfKindAsync(App.Client, AuditKind.SignInFailed)).ShouldHaveSingleItem().Summary
            .ShouldBe("Échec de connexion : compte désactivé (1 échec de suite).");
    }

    [Fact]
    public async Task an_admins_account_changes_are_in_the_journal_signed_by_the_admin()
    {
        using var admin = await new Browser(App).SignedInAsync(Admin);
        using var analyst = await new Browser(App).SignedInAsync(AppFixture.LoginOf(Role.Analyst));
        (await admin.PostFormAsync("/utilisateurs", "/utilisateurs?handler=Ajouter",
            ("login", "Nouvelle"), ("name", "Claire Nouvelle"), ("role", "Staff"), ("password", "un-mot-de-passe-long"))).Text.ShouldContain("Compte « nouvelle » créé.");
        var roleChanged = await admin.PostFormAsync("/utilisateurs", "/utilisateurs?handler=Role", ("id", AppFixture.LoginOf(Role.Analyst)), ("role", "Staff"));
        roleChanged.Text.ShouldContain("Compte « test-analyst » : rôle Équipe. Ses sessions sont fermées.");
        await admin.PostFormAsync("/utilisateurs", "/utilisateurs?handler=Basculer", ("id", "nouvelle"));
        await admin.PostFormAsync("/utilisateurs", "/utilisateurs?handler=Basculer", ("id", "nouvelle"));
        await admin.PostFormAsync("/utilisateurs", "/utilisateurs?handler=Reinitialiser", ("id", "nouvelle"));
        (await admin.PostFormAsync("/utilisateurs", "/utilisateurs?handler=Role", ("id", Admin), ("role", "Staff"))).Text
            .ShouldContain("vous ne pouvez pas changer votre propre rôle");

        (await analyst.GetAsync("/api/analytics/distribution")).Status.ShouldBe(HttpStatusCode.Unauthorized, "a new role ends the sessions");
        using var again = await new Browser(App).SignedInAsync(AppFixture.LoginOf(Role.Analyst));
        (await again.GetAsync("/api/analytics/distribution")).Status.ShouldBe(HttpStatusCode.Forbidden, "signed in again, as staff");

        // The clock stands still in this test: the entries are compared in any order.
        var changes = (await TheJournal.ReadAsync(App.Client, $"?who={Admin}")).Entries
            .Where(e => e.Kind is not (AuditKind.SignIn or AuditKind.SignOut)).ToList();
        changes.Select(e => (e.Kind, e.Login, e.Summary)).ShouldBe(
        [
            (AuditKind.AccountCreated, "nouvelle", "Compte « nouvelle » créé, rôle Équipe."),
            (AuditKind.AccountChanged, "test-analyst", "Rôle de « test-analyst » changé : Analyste → Équipe ; ses sessions sont fermées."),
            (AuditKind.AccountDisabled, "nouvelle", "Compte « nouvelle » désactivé ; ses sessions sont fermées."),
            (AuditKind.AccountEnabled, "nouvelle", "Compte « nouvelle » réactivé."),
            (AuditKind.PasswordChanged, "nouvelle", "Mot de passe de « nouvelle » réinitialisé par un administrateur ; ses sessions sont fermées."),
        ], ignoreOrder: true);
        changes.ShouldAllBe(e => e.Who == Admin);
        changes.Single(e => e.Kind == AuditKind.AccountChanged).Details["previousRole"].ShouldBe("analyst");
        (await App.Client.GetStringAsync("/api/audit")).ShouldNotContain("Claire", Case.Insensitive, "display names are people's names");
    }

    [Fact]
    public async Task tokens_issued_and_revoked_and_a_new_password_are_in_the_journal_without_the_secret()
    {
        using var staff = await new Browser(App).SignedInAsync(Staff);
        var created = await staff.PostFormAsync("/compte", "/compte?handler=Creer", ("name", "script de Marie"));
        var secret = System.Text.RegularExpressions.Regex.Match(created.Text, "data-testid=\"new-token\">([^<]+)<").Groups[1].Value;
        secret.ShouldStartWith(ApiToken.Prefix);
        var id = ApiToken.HashOf(secret);
        await staff.PostFormAsync("/compte", "/compte?handler=Revoquer", ("id", id));
        await staff.PostFormAsync("/compte", "/compte?handler=MotDePasse", ("current", "mot-de-passe-de-test"), ("password", "un-nouveau-mot-de-passe"));

        var issued = (await TheJournal.OfKindAsync(App.Client, AuditKind.TokenIssued)).ShouldHaveSingleItem();
        issued.Summary.ShouldBe($"Jeton personnel {secret[..10]}… émis pour « {Staff} ».");
        (await TheJournal.OfKindAsync(App.Client, AuditKind.TokenRevoked)).ShouldHaveSingleItem().Summary
            .ShouldBe($"Jeton personnel {secret[..10]}… de « {Staff} » révoqué.");
        (await TheJournal.OfKindAsync(App.Client, AuditKind.PasswordChanged)).ShouldHaveSingleItem().Summary
            .ShouldBe($"Mot de passe de « {Staff} » changé par son titulaire ; ses autres sessions sont fermées.");
        var everything = await App.Client.GetStringAsync("/api/audit");
        everything.ShouldNotContain(secret);
        everything.ShouldNotContain(id, Case.Insensitive);
        everything.ShouldNotContain("Marie", Case.Insensitive, "a token's name may name a person");
    }
}
