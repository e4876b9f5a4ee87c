using System.Net;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Actors;

/// <summary>
/// The milestone form registers the actor it names in the directory when the name typed is not one of the directory's
/// (newActor, as the API does): its kind, commune and locality in the same submission, what is left empty taken from
/// the milestone; a refusal is shown next to the new actor's field and writes nothing.
/// </summary>
public class NewActorInTheForm(AppFixture app) : DirectoryStory(app)
{
    private HttpClient Staff => App.ClientAs(EctLifecycle.Accounts.Role.Staff);

    private static IEnumerable<KeyValuePair<string, string>> Fields(params (string Name, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value));

    [Fact]
    public async Task the_form_offers_to_create_the_actor_and_registers_it_with_the_milestone()
    {
        var project = await RegisterAsync("Les Paniers");
        var form = await VisibleText.GetAsync(Staff, $"/projets/{project}/jalon/actorJoined");
        form.ShouldContain("Nouvel acteur de l'annuaire");
        form.ShouldContain("Créer cet acteur dans l'annuaire");
        form.ShouldContain("Sa catégorie dans l'annuaire");
        (await Staff.GetStringAsync($"/projets/{project}/jalon/fundingSecured")).ShouldContain("name=\"newActor.kind\"");
        (await Staff.GetStringAsync($"/projets/{project}/jalon/note")).ShouldNotContain("data-new-actor");

        var logged = await WebForms.PostAsync(Staff, $"/projets/{project}/jalon/actorJoined", Fields(
            ("occurredOn", "2018-04-01"), ("actorName", "Les Semeurs"), ("kind", "association"), ("isLocal", "oui"), ("role", "partner"),
            ("newActor", "oui"), ("newActor.kind", ""), ("newActor.communeCode", "39300"), ("newActor.isLocal", "")));
        logged.Status.ShouldBe(HttpStatusCode.Redirect, logged.Text);

        var entry = (await ArrayAsync("/api/actors?q=Semeurs")).ShouldHaveSingleItem()!;
        entry["kind"]!.GetValue<string>().ShouldBe("association", "the kind left empty is the milestone's");
        entry["communeCode"]!.GetValue<string>().ShouldBe("39300");
        entry["isLocal"]!.GetValue<bool>().ShouldBeTrue();
        var id = entry["id"]!.GetValue<Guid>();
        (await HistoryAsync(project))[1]!["data"]!["actorId"]!.GetValue<Guid>().ShouldBe(id);
        (await ResolveAsync(project, "les semeurs")).ActorId.ShouldBe(id);
    }

    [Fact]
    public async Task a_new_actor_the_milestone_cannot_describe_is_refused_next_to_its_field_and_nothing_is_written()
    {
        var project = await RegisterAsync("Les Paniers");
        (string, string)[] funding =
        [
            ("occurredOn", "2018-05-01"), ("fundingId", "F-1"), ("sourceKind", "publicSubsidy"), ("funder", "Région"), ("amountEuros", "5 000"),
            ("newActor", "oui"), ("newActor.communeCode", "99999"),
        ];

        var refused = await WebForms.PostAsync(Staff, $"/projets/{project}/jalon/fundingSecured", Fields(funding));
        refused.Status.ShouldBe(HttpStatusCode.OK);
        refused.Text.ShouldContain("Rien n'a été enregistré.");
        refused.Text.ShouldContain("aucune commune n'a le code INSEE « 99999 »");
        refused.Text.ShouldContain("champ obligatoire, parmi :");
        (await HistoryAsync(project)).Count.ShouldBe(1);
        (await ArrayAsync("/api/actors?q=Région")).ShouldBeEmpty();

        var logged = await WebForms.PostAsync(Staff, $"/projets/{project}/jalon/fundingSecured",
            Fields([.. funding[..^1], ("newActor.kind", "publicBody"), ("newActor.isLocal", "non")]));
        logged.Status.ShouldBe(HttpStatusCode.Redirect, logged.Text);
        var entry = (await ArrayAsync("/api/actors?q=Région")).ShouldHaveSingleItem()!;
        entry["isLocal"]!.GetValue<bool>().ShouldBeFalse();
        (await HistoryAsync(project))[1]!["data"]!["actorId"]!.GetValue<Guid>().ShouldBe(entry["id"]!.GetValue<Guid>());
    }
}
