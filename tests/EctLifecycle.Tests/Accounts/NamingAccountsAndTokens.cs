using System.Net;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Accounts;

/// <summary>Logins, display names and token names follow the same rule as every typed text.</summary>
public class NamingAccountsAndTokens(AppFixture app) : ApiTest(app)
{
    private async Task<int> AccountsAsync()
    {
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<UserAccount>().CountAsync();
    }

    [Theory]
    [InlineData(@"bob\u0007", "l'identifiant contient un caractère de contrôle invisible (U+0007")]
    [InlineData(@"bob\u200bby", "l'identifiant doit compter 2 à 60 caractères, sans espace")]
    [InlineData(@"bob\u00a0by", "l'identifiant doit compter 2 à 60 caractères, sans espace")]
    public async Task a_login_with_a_control_or_invisible_character_is_refused(string login, string message)
    {
        var before = await AccountsAsync();
        var page = await WebForms.PostAsync(Client, "/utilisateurs?handler=Ajouter", new Dictionary<string, string>
        {
            ["login"] = login.Unescaped(), ["name"] = "Bob", ["role"] = "Staff", ["password"] = "un-mot-de-passe-solide",
        });

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Text.ShouldContain(message);
        (await AccountsAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("Superuser")]
    [InlineData("7")]
    public async Task a_role_no_account_can_have_is_refused_not_read_as_the_staffs(string role)
    {
        var before = await AccountsAsync();
        var page = await WebForms.PostAsync(Client, "/utilisateurs?handler=Ajouter", new Dictionary<string, string>
        {
            ["login"] = "bob", ["name"] = "Bob", ["role"] = role, ["password"] = "un-mot-de-passe-solide",
        });

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Text.ShouldContain("rôle inconnu : Équipe, Analyste ou Administrateur");
        (await AccountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_display_name_is_stored_trimmed_and_composed()
    {
        var page = await WebForms.PostAsync(Client, "/utilisateurs?handler=Ajouter", new Dictionary<string, string>
        {
            ["login"] = "chloe", ["name"] = "\u200b Chloe\u0301 Martin\u00a0", ["role"] = "Staff", ["password"] = "un-mot-de-passe-solide",
        });

        page.Text.ShouldContain("Compte « chloe » créé.");
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.LoadAsync<UserAccount>("chloe"))!.DisplayName.ShouldBe("Chlo\u00e9 Martin");
    }

    [Theory]
    [InlineData(@"\u200b\ufeff", "donnez un nom au jeton")]
    [InlineData(@"script\u001b", "le nom du jeton contient un caractère de contrôle invisible (U+001B")]
    public async Task a_token_named_with_invisible_or_control_characters_is_not_issued(string name, string message)
    {
        var page = await WebForms.PostAsync(Client, "/compte?handler=Creer", new Dictionary<string, string> { ["name"] = name.Unescaped() });

        page.Text.ShouldContain(message);
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.Query<ApiToken>().CountAsync()).ShouldBe(Enum.GetValues<Role>().Length, "only the tests' own tokens");
    }
}
