using System.Net;
using EctLifecycle.Accounts;
using EctLifecycle.Journal;
using EctLifecycle.Tests.Journal;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Accounts;

public sealed class MailAddresses(AppFixture app) : ApiTest(app)
{
    [Theory]
    [InlineData("camille@pole.example", true)]
    [InlineData("  camille.dupont+ect@pole-jura.fr ", true)]
    [InlineData("camille", false)]
    [InlineData("camille@pole", false)]
    [InlineData("camille@@pole.example", false)]
    [InlineData("camille dupont@pole.example", false)]
    [InlineData("Camille <camille@pole.example>", false)]
    [InlineData("camille@pole.example, alex@pole.example", false)]
    public void an_address_is_one_mailbox_written_nom_at_domaine(string typed, bool accepted) =>
        (UserAccount.EmailProblem(UserAccount.NormalizeEmail(typed)) is null).ShouldBe(accepted);

    [Fact]
    public async Task one_sets_ones_own_address_and_choices_on_compte_and_a_wrong_address_is_refused_in_french_changing_nothing()
    {
        var staff = App.ClientAs(Role.Staff);
        var saved = await WebForms.PostAsync(staff, "/compte?handler=Courriel", [new("email", " camille@pole.example "), new("digest", "true")]);
        saved.Status.ShouldBe(HttpStatusCode.OK);
        saved.Text.ShouldContain("Courriels enregistrés : récapitulatif hebdomadaire seulement.");
        (await AccountAsync(Role.Staff)).ShouldSatisfyAllConditions(
            u => u.Email.ShouldBe("camille@pole.example"), u => u.MailReminders.ShouldBeFalse(), u => u.MailDigest.ShouldBeTrue());

        var refused = await WebForms.PostAsync(staff, "/compte?handler=Courriel", [new("email", "camille@pole"), new("reminders", "true")]);
        refused.Text.ShouldContain("adresse électronique invalide : elle s'écrit nom@domaine.fr, sans espace");
        (await AccountAsync(Role.Staff)).ShouldSatisfyAllConditions(
            u => u.Email.ShouldBe("camille@pole.example"), u => u.MailReminders.ShouldBeFalse());

        (await TheJournal.OfKindAsync(App.Client, AuditKind.AccountChanged)).ShouldHaveSingleItem().Summary
            .ShouldBe("Courriels de « test-staff » : adresse changée, récapitulatif hebdomadaire seulement.");
    }

    [Fact]
    public async Task an_admin_sets_an_accounts_address_on_utilisateurs()
    {
        var page = await WebForms.PostAsync(App.Client, "/utilisateurs?handler=Courriel", [new("id", "test-analyst"), new("email", "alex@pole.example")]);
        page.Text.ShouldContain("Compte « test-analyst » : adresse électronique enregistrée.");
        (await AccountAsync(Role.Analyst)).Email.ShouldBe("alex@pole.example");

        var refused = await WebForms.PostAsync(App.Client, "/utilisateurs?handler=Courriel", [new("id", "test-analyst"), new("email", "alex")]);
        refused.Text.ShouldContain("« test-analyst » : adresse électronique invalide");
        (await AccountAsync(Role.Analyst)).Email.ShouldBe("alex@pole.example");
    }

    [Theory]
    [InlineData("Courriel", null, "aucun compte n'est indiqué")]
    [InlineData("Courriel", "bob", "aucun compte n'a l'identifiant « bob »")]
    [InlineData("Role", null, "aucun compte n'est indiqué")]
    [InlineData("Basculer", "bob", "aucun compte n'a l'identifiant « bob »")]
    [InlineData("Reinitialiser", "bob", "aucun compte n'a l'identifiant « bob »")]
    public async Task a_form_on_utilisateurs_without_an_account_or_with_an_unknown_one_says_so_and_changes_nothing(string handler, string? id, string message)
    {
        List<KeyValuePair<string, string>> fields = [new("email", "bob@pole.example"), new("role", "Admin")];
        if (id is not null) fields.Add(new("id", id));
        var page = await WebForms.PostAsync(App.Client, $"/utilisateurs?handler={handler}", fields);
        page.Status.ShouldBe(System.Net.HttpStatusCode.OK);
        System.Net.WebUtility.HtmlDecode(page.Text).ShouldContain(message);
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var accounts = await session.Query<UserAccount>().ToListAsync();
        accounts.Select(a => a.Id).Order().ShouldBe(Enum.GetValues<Role>().Select(AppFixture.LoginOf).Order());
        accounts.ShouldAllBe(a => a.Email == null && !a.Disabled);
        accounts.Single(a => a.Id == AppFixture.LoginOf(Role.Analyst)).Role.ShouldBe(Role.Analyst);
    }

    private async Task<UserAccount> AccountAsync(Role role)
    {
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.LoadAsync<UserAccount>(AppFixture.LoginOf(role)))!;
    }
}
