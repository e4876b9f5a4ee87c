using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Actors;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.HubEvents;

/// <summary>
/// The hub's collective events through the API, on a case counted by hand. Mairie (Lons-le-Saunier, in the agglomeration),
/// Fromagerie (Poligny, outside), Asso (no commune) and a Ferme Bio entered in place (Poligny) came to a Start Up de
/// Territoire on 10/05/2019; Mairie and Fromagerie to a workshop on 01/03/2020. Mairie joined Les Paniers on 01/01/2019
/// (before), Fromagerie on 01/09/2019 (114 days after the first event, before the second), Asso joined La Recyclerie on
/// 01/06/2020 (388 days after the first: 2020 is a leap year).
/// </summary>
public class RecordingHubEvents(AppFixture app) : DirectoryStory(app)
{
    private async Task<Guid> HoldAsync(object body)
    {
        var response = await Client.PostAsJsonAsync("/api/hub-events", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    private async Task<(Guid Startup, Guid Workshop, Guid Mairie, Guid Fromagerie, Guid Asso)> CaseAsync()
    {
        var mairie = await EnterAsync("Mairie de Lons", "publicBody", "39300");
        var fromagerie = await EnterAsync("Fromagerie", "company", "39434");
        var asso = await EnterAsync("Asso des jardins", "association");
        var startup = await HoldAsync(new
        {
            name = "Start Up de Territoire 2019", kind = "startUpDeTerritoire", occurredOn = "2019-05-10", communeCode = "39300",
            attendees = new object[]
            {
                new { actorId = mairie }, new { actorId = fromagerie }, new { actorId = asso },
                new { newActor = new { name = "Ferme Bio", kind = "farmer", communeCode = "39434" } },
            },
        });
        var workshop = await HoldAsync(new { name = "Atelier circuits courts", kind = "Atelier", occurredOn = "2020-03-01" });
        var added = await Client.PostAsJsonAsync($"/api/hub-events/{workshop}/attendees", new { attendees = new[] { new { actorId = mairie }, new { actorId = fromagerie } } });
        added.StatusCode.ShouldBe(HttpStatusCode.OK, await added.Content.ReadAsStringAsync());

        var paniers = await RegisterAsync("Les Paniers", "2018-03-01");
        await LogAsync(paniers, Joining("Mairie de Lons", "2019-01-01", mairie));
        await LogAsync(paniers, Joining("Fromagerie", "2019-09-01", fromagerie, kind: "company"));
        var recyclerie = await RegisterAsync("La Recyclerie", "2020-01-01");
        await LogAsync(recyclerie, Joining("Asso des jardins", "2020-06-01", asso, kind: "association"));
        return (startup, workshop, mairie, fromagerie, asso);
    }

    private static (int, int, int, int, int) Counts(JsonNode c) => (c["attendees"]!.GetValue<int>(), c["inside"]!.GetValue<int>(),
        c["outside"]!.GetValue<int>(), c["unknownCommune"]!.GetValue<int>(), c["joinedAfter"]!.GetValue<int>());

    [Fact]
    public async Task the_analysis_counts_by_hand_inside_outside_unknown_and_who_joined_a_project_afterwards()
    {
        var (startup, workshop, _, fromagerie, asso) = await CaseAsync();

        var answer = await GetJsonAsync("/api/analytics/hub-events?asOf=2020-12-31");
        var events = answer["events"]!.AsArray();
        events.Select(e => e!["id"]!.GetValue<Guid>()).ShouldBe([startup, workshop]);
        Counts(events[0]!["counts"]!).ShouldBe((4, 1, 2, 1, 2));
        Counts(events[1]!["counts"]!).ShouldBe((2, 1, 1, 0, 0), "Fromagerie joined before the workshop");
        var joined = events[0]!["attendees"]!.AsArray().Where(a => a!["joined"]!.AsArray().Count > 0)
            .Select(a => (a!["actorId"]!.GetValue<Guid>(), a!["joined"]![0]!["daysAfter"]!.GetValue<int>())).ToList();
        joined.ShouldBe([(fromagerie, 114), (asso, 388)], ignoreOrder: true);
        events[0]!["attendees"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "Asso des jardins")!["placeLabel"]!.GetValue<string>()
            .ShouldBe("commune inconnue");
        var years = answer["years"]!.AsArray();
        years.Select(y => (y!["year"]!.GetValue<int>(), y["events"]!.GetValue<int>(), y["attendances"]!.GetValue<int>())).ShouldBe([(2019, 1, 4), (2020, 1, 2)]);
        Counts(answer["allActors"]!).ShouldBe((4, 1, 2, 1, 2), "each actor once over both events");

        // At the end of 2019, La Recyclerie's joining had not happened and the workshop not been held.
        var early = await GetJsonAsync("/api/analytics/hub-events?asOf=2019-12-31");
        early["events"]!.AsArray().ShouldHaveSingleItem();
        Counts(early["events"]![0]!["counts"]!).ShouldBe((4, 1, 2, 1, 1));

        // Everything was recorded today: as known yesterday, there was no event.
        var yesterday = App.Today.AddDays(-1).ToString("yyyy-MM-dd");
        (await GetJsonAsync($"/api/analytics/hub-events?asOf=2020-12-31&knownAt={yesterday}"))["events"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task a_retracted_attendee_no_longer_counts_and_the_event_keeps_its_history()
    {
        var (startup, _, _, _, _) = await CaseAsync();
        var ferme = (await GetJsonAsync($"/api/hub-events/{startup}"))["attendees"]!.AsArray()
            .Single(a => a!["name"]!.GetValue<string>() == "Ferme Bio")!["actorId"]!.GetValue<Guid>();
        var retraction = await Client.PostAsJsonAsync($"/api/hub-events/{startup}/attendees/{ferme}/retraction", new { reason = "confondue avec une autre ferme" });
        retraction.StatusCode.ShouldBe(HttpStatusCode.OK, await retraction.Content.ReadAsStringAsync());

        var counts = (await GetJsonAsync("/api/analytics/hub-events?asOf=2020-12-31"))["events"]![0]!["counts"]!;
        Counts(counts).ShouldBe((3, 1, 1, 1, 2));
        var view = await GetJsonAsync($"/api/hub-events/{startup}");
        view["attendeeCount"]!.GetValue<int>().ShouldBe(3);
        var retracted = view["attendees"]!.AsArray().Single(a => a!["actorId"]!.GetValue<Guid>() == ferme)!;
        retracted["retractedAt"].ShouldNotBeNull();
        retracted["retractionReason"]!.GetValue<string>().ShouldBe("confondue avec une autre ferme");
        view["occurredOn"]!.GetValue<string>().ShouldBe("2019-05-10");
        view["recordedAt"].ShouldNotBeNull();

        // Retracting again is refused: the actor is no longer among the attendees.
        (await FieldsInErrorAsync(await Client.PostAsJsonAsync($"/api/hub-events/{startup}/attendees/{ferme}/retraction", new { reason = "encore" })))
            .ShouldBe(["actorId"]);
    }

    [Fact]
    public async Task bad_input_is_refused_in_french_naming_the_field_and_nothing_is_written()
    {
        var tomorrow = App.Today.AddDays(1).ToString("yyyy-MM-dd");
        var missing = await Client.PostAsJsonAsync("/api/hub-events", new { name = " ", kind = "fête", occurredOn = tomorrow, communeCode = "99999" });
        (await FieldsInErrorAsync(missing)).ShouldBe(["name", "kind", "occurredOn", "communeCode"], ignoreOrder: true);
        var problem = await ProblemAsync(missing);
        problem["errors"]!["occurredOn"]![0]!.GetValue<string>().ShouldContain("futur");
        problem["errors"]!["kind"]![0]!.GetValue<string>().ShouldContain("Start Up de Territoire");

        var unknown = await Client.PostAsJsonAsync("/api/hub-events", new
        {
            name = "Forum", kind = "forum", occurredOn = "2021-01-01",
            attendees = new object[] { new { actorId = Guid.NewGuid() }, new { newActor = new { name = "X", kind = "chat" } }, new { couleur = "bleu" } },
        });
        (await FieldsInErrorAsync(unknown)).ShouldBe(["attendees[0].actorId", "attendees[1].newActor.kind", "attendees[2].actorId", "attendees[2].couleur"], ignoreOrder: true);
        (await ProblemAsync(unknown))["errors"]!["attendees[0].actorId"]![0]!.GetValue<string>().ShouldStartWith("aucun acteur de l'annuaire");

        (await ArrayAsync("/api/hub-events")).ShouldBeEmpty();
        (await ArrayAsync("/api/actors")).ShouldBeEmpty("the new actor of a refused request is not entered");

        var id = await HoldAsync(new { name = "Forum", kind = "forum", occurredOn = "2021-01-01" });
        (await FieldsInErrorAsync(await Client.PostAsJsonAsync($"/api/hub-events/{id}/attendees", new { attendees = Array.Empty<object>() }))).ShouldBe(["attendees"]);
        (await FieldsInErrorAsync(await Client.PostAsJsonAsync($"/api/hub-events/{id}/attendees/{Guid.NewGuid()}/retraction", new { }))).ShouldBe(["reason"]);
        (await Client.PostAsJsonAsync($"/api/hub-events/{Guid.NewGuid()}/attendees", new { attendees = new[] { new { actorId = Guid.NewGuid() } } }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Client.GetAsync($"/api/hub-events/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await GetJsonAsync($"/api/hub-events/{id}"))["attendees"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task a_correction_moves_the_event_and_a_withdrawal_removes_it_both_as_new_facts_and_the_csv_is_tidy_in_french()
    {
        var (startup, _, _, _, _) = await CaseAsync();
        var csv = await Client.GetAsync("/api/analytics/hub-events.csv?asOf=2020-12-31");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Trim().ShouldBe("subject,date,measure,value,libelle");
        lines.ShouldContain(l => l.StartsWith("all,2020-12-31,outside,2,") && l.Contains("Hors de l'agglomération"));
        lines.ShouldContain(l => l.Contains(",daysAfter,114,"));

        // Moved to 2020-09-01: the Fromagerie's joining (01/09/2019) is no longer after it, Asso's still is (274 days).
        var corrected = await Client.PostAsJsonAsync($"/api/hub-events/{startup}/corrections",
            new { name = "Start Up de Territoire 2020", kind = "startUpDeTerritoire", occurredOn = "2019-09-01" });
        corrected.StatusCode.ShouldBe(HttpStatusCode.OK, await corrected.Content.ReadAsStringAsync());
        var moved = (await GetJsonAsync("/api/analytics/hub-events?asOf=2020-12-31"))["events"]!.AsArray()
            .Single(e => e!["id"]!.GetValue<Guid>() == startup)!;
        Counts(moved["counts"]!).ShouldBe((4, 1, 2, 1, 1), "a joining on the event's own day is not after it");
        (await GetJsonAsync($"/api/hub-events/{startup}"))["correctedAt"].ShouldNotBeNull();

        var withdrawn = await Client.PostAsJsonAsync($"/api/hub-events/{startup}/withdrawal", new { reason = "doublon" });
        withdrawn.StatusCode.ShouldBe(HttpStatusCode.OK, await withdrawn.Content.ReadAsStringAsync());
        (await GetJsonAsync("/api/analytics/hub-events?asOf=2020-12-31"))["events"]!.AsArray().ShouldHaveSingleItem();
        (await GetJsonAsync($"/api/hub-events/{startup}"))["withdrawalReason"]!.GetValue<string>().ShouldBe("doublon");
        (await FieldsInErrorAsync(await Client.PostAsJsonAsync($"/api/hub-events/{startup}/withdrawal", new { reason = "encore" }))).ShouldBe(["reason"]);
    }
}
