using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
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
        // Beside their fields too, and what was typed is shown again (it came back empty).
        refused.Text.ShouldMatch("<input id=\"name\"[^>]* aria-invalid=\"true\"");
        refused.Text.ShouldMatch("<input id=\"occurredOn\"[^>]* value=\"2019-05-10\"");
        refused.Text.ShouldMatch("<input id=\"hold-attendee-0\"[^>]* value=\"Inconnu du bataillon\" aria-invalid=\"true\"");
        refused.Text.ShouldMatch("<option value=\"startUpDeTerritoire\" selected=\"selected\">");
        System.Text.RegularExpressions.Regex.Matches(refused.Text, "<span class=\"field-error\">").Count.ShouldBe(2, "the name's and the first participant's");
        // A participant typed after empty rows: its error beside its own row, and the summary names that row.
        var third = await WebForms.PostAsync(Staff, "/evenements?handler=Hold", [
            KeyValuePair.Create("name", "Atelier"), KeyValuePair.Create("kind", "startUpDeTerritoire"), KeyValuePair.Create("occurredOn", "2019-05-10"),
            KeyValuePair.Create("attendeeName", ""), KeyValuePair.Create("attendeeId", ""),
            KeyValuePair.Create("attendeeName", ""), KeyValuePair.Create("attendeeId", ""),
            KeyValuePair.Create("attendeeName", "Inconnu du bataillon"), KeyValuePair.Create("attendeeId", ""),
        ]);
        third.Text.ShouldMatch("<input id=\"hold-attendee-2\"[^>]* value=\"Inconnu du bataillon\" aria-invalid=\"true\"");
        VisibleText.Of(third.Text).ShouldContain("Participant 3 : choisissez l'acteur parmi les suggestions");
        (await ArrayAsync("/api/hub-events")).ShouldBeEmpty();

        var held = await WebForms.PostAsync(Staff, "/evenements?handler=Hold", [
            // Typed by hand, as in a browser without a date picker: read as the milestones' forms read it (it was refused).
            KeyValuePair.Create("name", "Start Up de Territoire"), KeyValuePair.Create("kind", "startUpDeTerritoire"), KeyValuePair.Create("occurredOn", "10/5/2019"),
            KeyValuePair.Create("attendeeName", "Fromagerie"), KeyValuePair.Create("attendeeId", fromagerie.ToString()),
            KeyValuePair.Create("attendeeName", "Mairie de Lons"), KeyValuePair.Create("attendeeId", mairie.ToString()),
            KeyValuePair.Create("attendeeName", ""), KeyValuePair.Create("attendeeId", ""),
        ]);
        held.Status.ShouldBe(HttpStatusCode.Redirect, held.Text);
        (await ArrayAsync("/api/hub-events")).ShouldHaveSingleItem()!["occurredOn"]!.GetValue<string>().ShouldBe("2019-05-10");
        var list = await VisibleText.GetAsync(Staff, "/evenements");
        list.ShouldContain("Fromagerie (hors de l'agglomération), Mairie de Lons (dans l'agglomération)");
        list.ShouldNotContain("Qui vient, d'où", Case.Sensitive, "the analysis is for analysts");

        var analysis = await VisibleText.GetAsync(Analyst, "/evenements?asOf=2020-12-31");
        analysis.ShouldContain("2 acteur(s) venus, dont 1 hors de l'agglomération");
        // The chart: each stacked colour in its legend, its own count per year in the figures' table (not the stack's top,
        // all named « Nombre d'acteurs »), and years written 2019, not « 2 019 ».
        var html = await Analyst.GetStringAsync("/evenements?asOf=2020-12-31");
        var legend = html[html.IndexOf("<ul class=\"chart-legend", StringComparison.Ordinal)..];
        legend = System.Net.WebUtility.HtmlDecode(legend[..legend.IndexOf("</ul>", StringComparison.Ordinal)]);
        foreach (var item in new[] { "dans l'agglomération", "hors de l'agglomération", "commune inconnue", "entrés ensuite dans un projet" })
            legend.ShouldContain(item, Case.Sensitive);
        analysis.ShouldContain("dans l'agglomération 2019 1", Case.Sensitive);
        analysis.ShouldContain("hors de l'agglomération 2019 1", Case.Sensitive);
        analysis.ShouldNotContain("Nombre d'acteurs 2019", Case.Sensitive);
        html.ShouldNotMatch("2[\u00A0\u202F ]0[0-9]{2}<");
    }
    [Fact]
    public async Task staff_correct_an_event_retract_an_attendee_and_withdraw_an_event_refusals_beside_the_field_and_analysts_only_read()
    {
        var fromagerie = await EnterAsync("Fromagerie", "company", "39434");
        var mairie = await EnterAsync("Mairie de Lons", "publicBody", "39300");
        var held = await Client.PostAsJsonAsync("/api/hub-events", new
        {
            name = "Start Up de Territoire", kind = "startUpDeTerritoire", occurredOn = "2019-05-10",
            attendees = new object[] { new { actorId = fromagerie }, new { actorId = mairie } },
        });
        held.StatusCode.ShouldBe(HttpStatusCode.Created, await held.Content.ReadAsStringAsync());
        var id = (await held.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        var page = $"/evenements?evenement={id}";
        (await VisibleText.GetAsync(Staff, "/evenements")).ShouldContain("Corriger, retirer…");

        var refused = await WebForms.PostAsync(Staff, $"{page}&handler=Correct", [
            KeyValuePair.Create("eventId", id.ToString()), KeyValuePair.Create("name", " "), KeyValuePair.Create("kind", "workshop"),
            KeyValuePair.Create("occurredOn", "2019-05-11"), KeyValuePair.Create("communeCode", "00000"),
        ]);
        refused.Status.ShouldBe(HttpStatusCode.OK);
        var shown = VisibleText.Of(refused.Text);
        shown.ShouldContain("Corriger l'événement Nom de l'événement * champ obligatoire");
        shown.ShouldContain("aucune commune n'a le code INSEE « 00000 »");
        refused.Text.ShouldContain("value=\"2019-05-11\"", Case.Sensitive, "what was typed is shown again");
        (await GetJsonAsync($"/api/hub-events/{id}"))["correctedAt"].ShouldBeNull();

        var corrected = await WebForms.PostAsync(Staff, $"{page}&handler=Correct", [
            KeyValuePair.Create("eventId", id.ToString()), KeyValuePair.Create("name", "Start Up de Territoire 2019"), KeyValuePair.Create("kind", "workshop"),
            KeyValuePair.Create("occurredOn", "2019-05-11"), KeyValuePair.Create("communeCode", "39300"),
        ]);
        corrected.Status.ShouldBe(HttpStatusCode.Redirect, corrected.Text);
        corrected.Location.ShouldBe($"/evenements?evenement={id}#modifier");
        var read = await GetJsonAsync($"/api/hub-events/{id}");
        (read["name"]!.GetValue<string>(), read["kind"]!.GetValue<string>(), read["occurredOn"]!.GetValue<string>(), read["communeCode"]!.GetValue<string>())
            .ShouldBe(("Start Up de Territoire 2019", "workshop", "2019-05-11", "39300"));

        var noReason = await WebForms.PostAsync(Staff, $"{page}&handler=Retract", [
            KeyValuePair.Create("eventId", id.ToString()), KeyValuePair.Create("actorId", mairie.ToString()), KeyValuePair.Create("reason", ""),
        ]);
        noReason.Status.ShouldBe(HttpStatusCode.OK);
        VisibleText.Of(noReason.Text).ShouldContain("Motif du retrait de « Mairie de Lons » (dans l'agglomération) champ obligatoire");
        VisibleText.Of(noReason.Text).ShouldNotContain("Motif du retrait de « Fromagerie » (hors de l'agglomération) champ obligatoire");
        noReason.Text.ShouldContain("data-confirm=\"Retirer « Mairie de Lons » des participants ?");
        (await GetJsonAsync($"/api/hub-events/{id}"))["attendeeCount"]!.GetValue<int>().ShouldBe(2);

        var retracted = await WebForms.PostAsync(Staff, $"{page}&handler=Retract", [
            KeyValuePair.Create("eventId", id.ToString()), KeyValuePair.Create("actorId", mairie.ToString()), KeyValuePair.Create("reason", "venue à un autre atelier"),
        ]);
        retracted.Status.ShouldBe(HttpStatusCode.Redirect, retracted.Text);
        (await GetJsonAsync($"/api/hub-events/{id}"))["attendeeCount"]!.GetValue<int>().ShouldBe(1);
        var edit = await VisibleText.GetAsync(Staff, page);
        edit.ShouldContain("Retirés : Mairie de Lons le");
        edit.ShouldContain("(motif : venue à un autre atelier)");

        var withdrawRefused = await WebForms.PostAsync(Staff, $"{page}&handler=Withdraw", [KeyValuePair.Create("eventId", id.ToString()), KeyValuePair.Create("reason", "")]);
        VisibleText.Of(withdrawRefused.Text).ShouldContain("Motif (enregistré par erreur, doublon…) * champ obligatoire");
        withdrawRefused.Text.ShouldContain("data-confirm=\"Retirer l'événement « Start Up de Territoire 2019 » ?");
        (await GetJsonAsync($"/api/hub-events/{id}"))["withdrawnAt"].ShouldBeNull();

        var withdrawn = await WebForms.PostAsync(Staff, $"{page}&handler=Withdraw", [KeyValuePair.Create("eventId", id.ToString()), KeyValuePair.Create("reason", "doublon")]);
        withdrawn.Status.ShouldBe(HttpStatusCode.Redirect, withdrawn.Text);
        (await GetJsonAsync($"/api/hub-events/{id}"))["withdrawnAt"].ShouldNotBeNull();
        var list = await VisibleText.GetAsync(Staff, page);
        list.ShouldContain("Start Up de Territoire 2019 retiré le");
        list.ShouldContain("Cet événement est retiré depuis le");
        list.ShouldNotContain("Enregistrer la correction", Case.Sensitive, "a withdrawn event is no longer corrected");

        (await VisibleText.GetAsync(Analyst, page)).ShouldNotContain("Corriger", Case.Sensitive);
        var forbidden = await WebForms.PostAsync(Analyst, "/evenements?handler=Withdraw", [KeyValuePair.Create("eventId", id.ToString()), KeyValuePair.Create("reason", "x")]);
        forbidden.Status.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        if (forbidden.Status == HttpStatusCode.Redirect) forbidden.Location!.ShouldNotStartWith("/evenements");
    }
}
