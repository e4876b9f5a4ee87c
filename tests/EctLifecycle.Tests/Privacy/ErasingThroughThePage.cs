using System.Net;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Accounts;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Privacy;

/// <summary>/effacements (admin): the name typed (or given by ?nom=), the preview of the projects and counts, the confirmation, the list.</summary>
public class ErasingThroughThePage(AppFixture app) : PeopleInHistories(app)
{
    [Fact]
    public async Task an_admin_previews_then_confirms_and_the_list_shows_the_erasure_without_the_name()
    {
        var farm = await FarmAsync();
        using var admin = await new Browser(App).SignedInAsync(AppFixture.LoginOf(Role.Admin));
        // From the register of the persons named, its link « Effacer… » fills the name and the project in.
        var link = $"/effacements?nom={Uri.EscapeDataString(Person)}&projet={farm}";
        (await admin.GetAsync("/personnes")).Text.ShouldContain($"href=\"{link}\"");
        var page = await admin.GetAsync(link);
        page.Text.ShouldContain($"value=\"{Person}\"");
        page.Text.ShouldContain($"value=\"{farm}\"");
        page.Text.ShouldContain("Aucun effacement.");
        (await admin.GetAsync("/")).Text.ShouldContain("href=\"/effacements\"");

        var preview = await admin.PostFormAsync("/effacements", "/effacements?handler=Apercu",
            ("nom", "gwenaelle kerbrat"), ("projet", ""), ("motif", "demande écrite du 12/03"));
        preview.Status.ShouldBe(HttpStatusCode.OK);
        preview.Text.ShouldContain("17 événement(s) de 1 projet(s) nomment cette personne.");
        preview.Text.ShouldContain($"<a href=\"/projets/{farm}\">P001</a>");
        preview.Text.ShouldContain("Effacer définitivement");
        (await ReadAsync(Client, $"/api/projects/{farm}/history")).ShouldContain(Person, customMessage: "a preview erases nothing");

        var done = await admin.PostFormAsync("/effacements", "/effacements?handler=Effacer",
            ("nom", "gwenaelle kerbrat"), ("projet", ""), ("motif", "demande écrite du 12/03"));
        done.Status.ShouldBe(HttpStatusCode.Redirect);
        var list = await admin.GetAsync("/effacements");
        list.Text.ShouldMatch(@"Effacement terminé : le nom est remplacé par « Personne [0-9A-F]{4} » dans 17 événement\(s\) de 1 projet\(s\)");
        list.Text.ShouldContain("demande écrite du 12/03");
        list.Text.ShouldContain(AppFixture.LoginOf(Role.Admin));
        ShouldNotName(list.Text, "the erasures page");
        var register = await admin.GetAsync("/personnes");
        ShouldNotName(register.Text, "the register of the persons named");
        register.Text.ShouldContain("Personne ");
        ShouldNotName(await ReadAsync(Client, $"/api/projects/{farm}/history"), "the history");
    }

    [Fact]
    public async Task the_page_names_each_bad_field_in_french_and_erases_nothing()
    {
        var farm = await FarmAsync();
        using var admin = await new Browser(App).SignedInAsync(AppFixture.LoginOf(Role.Admin));
        var refused = await admin.PostFormAsync("/effacements", "/effacements?handler=Effacer",
            ("nom", "Gw"), ("projet", "P404"), ("motif", ""));
        refused.Text.ShouldContain("Rien n'a été effacé.");
        refused.Text.ShouldContain("le nom doit compter au moins 3 lettres");
        refused.Text.ShouldContain("aucun projet de clé ou d'identifiant « P404 »");
        refused.Text.ShouldContain("le motif de l'effacement est obligatoire");
        var naming = await admin.PostFormAsync("/effacements", "/effacements?handler=Effacer",
            ("nom", Person), ("projet", "P001"), ("motif", $"demande de {Person}"));
        naming.Text.ShouldContain("le motif ne doit pas contenir le nom de la personne");
        var nowhere = await admin.PostFormAsync("/effacements", "/effacements?handler=Apercu",
            ("nom", "Paul"), ("projet", ""), ("motif", "demande"));
        nowhere.Text.ShouldContain("Rien à effacer : aucun événement d'aucun projet ne nomme cette personne");
        (await ReadAsync(Client, $"/api/projects/{farm}/history")).ShouldContain(Person);
        (await ReadAsync(Client, "/api/privacy/erasures")).ShouldBe("[]");
    }

    [Fact]
    public async Task only_admins_see_the_page_and_its_menu_entry()
    {
        using var staff = await new Browser(App).SignedInAsync(AppFixture.LoginOf(Role.Staff));
        (await staff.GetAsync("/effacements")).Status.ShouldBe(HttpStatusCode.Redirect);
        (await staff.GetAsync("/")).Text.ShouldNotContain("/effacements");
    }
}
