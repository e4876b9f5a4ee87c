using EctLifecycle.Actors;
using EctLifecycle.Communes;
using EctLifecycle.HubEvents;
using EctLifecycle.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.HubEvents;

/// <summary>
/// The analysis as known at earlier recordings, on streams built by hand with their recording instants: an attendee
/// recorded on day 2 and retracted on day 4, a commune corrected on day 3, the event withdrawn on day 5.
/// </summary>
public class HubEventsKnownAt(AppFixture app) : ApiTest(app)
{
    private static readonly DateTimeOffset Day1 = new(2024, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private static DateTimeOffset Day(int n) => Day1.AddDays(n - 1);

    [Fact]
    public async Task each_recording_date_sees_what_was_recorded_by_then()
    {
        var territory = App.Host.Services.GetRequiredService<Territory>();
        var ev = Guid.NewGuid();
        var (lea, paul) = (Guid.NewGuid(), Guid.NewGuid());
        var on = new DateOnly(2023, 6, 1);
        (Guid, object, DateTimeOffset)[] stream =
        [
            (ev, new HubEventHeld(ev, "Start Up de Territoire", HubEventKind.StartUpDeTerritoire, on, null, "equipe"), Day(1)),
            (ev, new HubEventAttendeeAdded(ev, lea, "equipe"), Day(1)),
            (ev, new HubEventAttendeeAdded(ev, paul, "equipe"), Day(2)),
            (ev, new HubEventAttendeeRetracted(ev, paul, "erreur", "equipe"), Day(4)),
            (ev, new HubEventWithdrawn(ev, "doublon", "equipe"), Day(5)),
        ];
        // Léa's commune: none at first, Poligny (outside) from day 3. Paul: Lons-le-Saunier (inside).
        Dictionary<Guid, string?> CommunesAt(int day) => new() { [lea] = day >= 3 ? "39434" : null, [paul] = "39300" };
        var names = new Dictionary<Guid, string> { [lea] = "Léa", [paul] = "Paul" };
        var joinings = new List<CollectiveJoining> { new(lea, Guid.NewGuid(), "P-1", "Les Paniers", on.AddDays(30)) };
        var map = await new NamesOnlyIdentities().ReadAsync(null, CancellationToken.None);

        (int, int, int, int, int) At(int day)
        {
            var events = HubEventFold.Of(stream, Day(day).AddHours(1));
            var a = HubEventsAnalysis.Of(new DateOnly(2023, 12, 31), null, events, CommunesAt(day), names, map, joinings, territory);
            var c = a.AllActors;
            return (c.Attendees, c.Inside, c.Outside, c.UnknownCommune, c.JoinedAfter);
        }

        At(1).ShouldBe((1, 0, 0, 1, 1), "Léa alone, commune unknown, joined 30 days after");
        At(2).ShouldBe((2, 1, 0, 1, 1));
        At(3).ShouldBe((2, 1, 1, 0, 1), "Léa's commune corrected to Poligny");
        At(4).ShouldBe((1, 0, 1, 0, 1), "Paul retracted");
        At(5).ShouldBe((0, 0, 0, 0, 0), "the event withdrawn");
        HubEventFold.Of(stream, Day1.AddHours(-1)).ShouldBeEmpty();
    }
}
