using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Web;

/// <summary>
/// What the staff read on their screens is the team's French: criteria by their labels with their justification, other
/// milestones by their kind and date, allowed values by their French labels, roles by their names, files by the project.
/// </summary>
public class StaffScreensInFrench(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task an_assessment_reads_with_its_criteria_labels_and_justification_in_the_journey_and_on_the_card()
    {
        var id = await RegisterAsync();
        await LogAsync(id, new
        {
            type = "criteriaAssessed", occurredOn = "2019-01-15", gridVersion = "v1",
            scores = new object[] { new { criterionId = "cooperation-alive", points = 2, rationale = "réunions mensuelles" } },
        });

        var html = await Client.GetStringAsync($"/projets/{id}");
        var page = VisibleText.Of(html);

        page.ShouldContain("Évaluation de critères : Coopération vivante : 2 points (réunions mensuelles)");
        page.ShouldNotContain("cooperation-alive");
        WebUtility.HtmlDecode(html).ShouldContain("<td data-testid=\"rationale\">réunions mensuelles</td>", Case.Sensitive, "the card's detail shows the justification");
    }

    [Fact]
    public async Task the_evaluation_page_names_pillars_not_their_ids()
    {
        var id = await RegisterAsync();
        var page = VisibleText.Of(await Client.GetStringAsync($"/projets/{id}/evaluation"));
        page.ShouldContain("(Portage collectif)");
        foreach (var pillar in EctLifecycle.Scoring.Grid.PillarIds) page.ShouldNotContain(pillar);
    }

    [Fact]
    public async Task a_milestone_refused_for_another_names_it_by_its_kind_and_date_not_its_id()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Actor("Les Semeurs", "2019-01-01"));
        var leaving = await LogAsync(id, new { type = "actorLeft", occurredOn = "2020-01-01", actorName = "Les Semeurs", reason = "déménagement" });

        var earlier = await PostMilestoneAsync(id, new { type = "actorLeft", occurredOn = "2019-06-01", actorName = "Les Semeurs", reason = "fin" });

        earlier.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var detail = (await ProblemAsync(earlier))["detail"]!.GetValue<string>();
        detail.ShouldContain("le jalon existant « Départ d'un acteur » du 01/01/2020");
        detail.ShouldNotContain(leaving.ToString());
    }

    [Fact]
    public async Task a_form_error_lists_the_french_labels_of_the_allowed_values()
    {
        var id = await RegisterAsync();
        var page = await WebForms.PostAsync(Client, $"/projets/{id}/jalon/actorJoined", new Dictionary<string, string>
        {
            ["occurredOn"] = "2019-01-01", ["actorName"] = "Ferme", ["kind"] = "association", ["isLocal"] = "oui", ["role"] = "martien",
        });

        page.Status.ShouldBe(HttpStatusCode.OK);
        var text = VisibleText.Of(page.Text);
        text.ShouldContain("valeur inconnue « martien », attendu parmi : initiateur, porteur, partenaire, financeur, représentant des bénéficiaires");
        text.ShouldNotContain("beneficiariesRepresentative");
        text.ShouldNotContain("dans l'API");
    }

    [Fact]
    public async Task a_yes_no_field_left_empty_in_a_form_asks_for_oui_or_non()
    {
        var page = await WebForms.PostAsync(Client, "/projets/nouveau", new Dictionary<string, string>
        {
            ["name"] = "Jardin", ["sector"] = "alimentation", ["commune"] = "Lons", ["summary"] = "Jardin partagé",
            ["occurredOn"] = "2018-03-01", ["emergenceContext"] = "localProgramme", ["hubRole"] = "animator", ["inspiredElsewhere"] = "",
        });

        page.Status.ShouldBe(HttpStatusCode.OK);
        var text = VisibleText.Of(page.Text);
        text.ShouldContain("champ obligatoire : oui ou non");
        text.ShouldNotContain("true ou false");
    }

    [Theory]
    [InlineData(Role.Staff, "Équipe")]
    [InlineData(Role.Analyst, "Analyste")]
    [InlineData(Role.Admin, "Administrateur")]
    public async Task the_account_page_names_the_role_as_the_team_says_it(Role role, string name)
    {
        var page = VisibleText.Of(await App.ClientAs(role).GetStringAsync("/compte"));
        page.ShouldContain($"rôle {name} .", Case.Sensitive);
    }

    [Fact]
    public async Task the_users_page_reads_roles_by_their_names()
    {
        var html = await App.ClientAs(Role.Admin).GetStringAsync("/utilisateurs");
        VisibleText.Of(html).ShouldContain("Équipe Analyste Administrateur", Case.Sensitive, "each account's role list");
        foreach (var wire in new[] { "Staff", "Analyst", "Admin" })
            WebUtility.HtmlDecode(html).ShouldNotContain($">{wire}<", Case.Sensitive);
    }

    [Fact]
    public async Task a_downloaded_report_is_named_by_the_projects_key_and_name()
    {
        var id = await RegisterAsync("Épicerie « d'Été »");
        await LogAsync(id, new { type = "projectStopped", occurredOn = "2020-03-10", reasons = new[] { "goalReached" } });

        var response = await Client.GetAsync($"/api/reports/durability/{id}?asOf=2021-01-01&format=md");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var disposition = response.Content.Headers.ContentDisposition!;
        disposition.DispositionType.ShouldBe("attachment");
        disposition.FileName!.Trim('"').ShouldBe("Durabilite-P001-Epicerie-d-Ete.md");
        disposition.FileNameStar.ShouldBe("Durabilité P001 Épicerie « d'Été ».md");

        var html = await Client.GetAsync($"/api/reports/durability/{id}?asOf=2021-01-01&format=html");
        html.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline", "the printable page opens in the browser");
        html.Content.Headers.ContentDisposition.FileNameStar.ShouldBe("Durabilité P001 Épicerie « d'Été ».html");
    }

    [Fact]
    public async Task recording_times_read_in_paris_time()
    {
        // 23:30 UTC on a winter evening is half past midnight the next day in Paris.
        App.Clock.AdjustTime(DateTimeOffset.Parse("2026-01-14T23:30:00Z", CultureInfo.InvariantCulture));
        var id = await RegisterAsync();
        await LogAsync(id, new { type = "note", occurredOn = "2026-01-14", text = "Réunion" });

        var page = VisibleText.Of(await Client.GetStringAsync($"/projets/{id}"));
        page.ShouldContain("saisi le 15/01/2026 00:30");
        page.ShouldNotContain("saisi le 14/01/2026 23:30");
        var portfolio = VisibleText.Of(await Client.GetStringAsync("/"));
        portfolio.ShouldContain("saisi le 15/01/2026");
    }

    [Fact]
    public async Task a_project_stored_before_keys_were_given_reads_without_its_id()
    {
        var id = Guid.NewGuid();
        await using (var session = App.Host.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession())
        {
            session.Events.StartStream(id, new EctLifecycle.Projects.ProjectRegistered(id, new DateOnly(2017, 5, 1), "ancien-outil",
                "Jardin partagé", "alimentation", "Lons-le-Saunier", "Jardin", EctLifecycle.Lists.EmergenceContext.StructureNeed,
                EctLifecycle.Lists.HubRole.Animator, false));
            await session.SaveChangesAsync();
        }

        foreach (var url in new[] { "/", $"/projets/{id}" })
        {
            var text = VisibleText.Of(await Client.GetStringAsync(url));
            text.ShouldContain("Jardin partagé", Case.Sensitive, url);
            text.ShouldContain("sans clé", Case.Sensitive, url);
            text.ShouldNotContain(id.ToString(), Case.Insensitive, url);
        }
    }
}
