using System.Net;
using EctLifecycle.Tests.Actors;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.HubEvents;

/// <summary>The page /evenements: staff record an event with attendees chosen in the directory; refusals next to the fields; analysts read the analysis.</summary>
public class HubEventsPage(AppFixture app) : DirectoryStory(app)
{
    private HttpClient Staff => App.ClientAs(EctLifecycle.Accounts.Role.Staff);
    private HttpClient Analyst => App.ClientAs(EctLifecycle.Accounts.Role.Analyst);

    [Fact]
    public async Task staff_record_an_event_and_its_attendees_and_analysts_read_where_they_came_from()
    {
        var fromagerie = await EnterAsync("Fromagerie", "company", "39434");
        var mairie = await EnterAsync("Mairie de Lons", "publicBody", "39300");

        var refused = await WebForms.PostAsync(Staff, "/evenements?handler=Hold", [
            KeyValuePair.Create("name", ""), KeyValuePair.Create("kind", "startUpDeTerritoire"), KeyValuePair.Create("occurredOn", "2019-05-10"),
            KeyValuePair.Create("attendeeName", "Inconnu du bataillon"), KeyValuePair.Create("attendeeId", ""),
        ]);
        refused.Status.ShouldBe(HttpStatusCode.OK);
        var shown = VisibleText.Of(refused.Text);
        shown.ShouldContain("Nom de l'événement : champ obligatoire");
        shown.ShouldContain("Participant 1 : choisissez l'acteur parmi les suggestions");
        (await ArrayAsync("/api/hub-events")).ShouldBeEmpty();

        var held = await WebForms.PostAsync(Staff, "/evenements?handler=Hold", [
            KeyValuePair.Create("name", "Start Up de Territoire"), KeyValuePair.Create("kind", "startUpDeTerritoire"), KeyValuePair.Create("occurredOn", "2019-05-10"),
            KeyValuePair.Create("attendeeName", "Fromagerie"), KeyValuePair.Create("attendeeId", fromagerie.ToString()),
            KeyValuePair.Create("attendeeName", "Mairie de Lons"), KeyValuePair.Create("attendeeId", mairie.ToString()),
            KeyValuePair.Create("attendeeName", ""), KeyValuePair.Create("attendeeId", ""),
        ]);
        held.Status.ShouldBe(HttpStatusCode.Redirect, held.Text);
        var list = await VisibleText.GetAsync(Staff, "/evenements");
        list.ShouldContain("Fromagerie (hors de l'agglomération), Mairie de Lons (dans l'agglomération)");
        list.ShouldNotContain("Qui vient, d'où", Case.Sensitive, "the analysis is for analysts");

        var analysis = await VisibleText.GetAsync(Analyst, "/evenements?asOf=2020-12-31");
        analysis.ShouldContain("2 acteur(s) venus, dont 1 hors de l'agglomération");
    }
}
