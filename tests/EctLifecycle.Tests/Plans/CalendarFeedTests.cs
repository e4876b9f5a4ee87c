using System.Net;
using System.Text.RegularExpressions;
using EctLifecycle.Accounts;
using EctLifecycle.Journal;
using EctLifecycle.Plans;
using EctLifecycle.Tests.Journal;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Plans;

public sealed partial class CalendarFeedTests(AppFixture app) : PlanMailStory(app)
{
    [Fact]
    public async Task the_calendar_link_lists_ones_open_plans_as_all_day_events_keeps_their_uid_when_moved_and_answers_404_once_revoked()
    {
        var project = await RegisterKeyedAsync("P060", "La Ressourcerie");
        var mine = await PlanAsync(project, App.Today.AddDays(3), Login(Role.Staff), title: "Suivi à 1 an de l'arrêt");
        var team = await PlanAsync(project, App.Today.AddDays(-2), inCharge: null, kind: PlanKind.FundingEnd, title: "Fin du financement F3");
        await PlanAsync(project, App.Today, Login(Role.Analyst), title: "Pour l'analyste");
        await PlanAsync(project, App.Today, Login(Role.Staff), title: "Déjà fait", state: PlanState.Done);
        var staff = App.ClientAs(Role.Staff);

        var issued = await WebForms.PostAsync(staff, "/compte?handler=Agenda", []);
        issued.Status.ShouldBe(HttpStatusCode.OK);
        var url = FeedUrl().Match(issued.Text).Value;
        url.ShouldStartWith("http://ect.test/calendrier/cal_");
        var path = new Uri(url).PathAndQuery;

        var feed = await App.ClientAs(null).GetAsync(path); // the link alone: a calendar app has no session
        feed.StatusCode.ShouldBe(HttpStatusCode.OK);
        feed.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        var calendar = Ical.Net.Calendar.Load(await feed.Content.ReadAsStringAsync())!;
        var events = calendar.Events.OrderBy(e => e.DtStart!.Date).ToList();
        events.Select(e => e.Summary).ShouldBe(["Fin du financement F3 — P060 La Ressourcerie", "Suivi à 1 an de l'arrêt — P060 La Ressourcerie"]);
        events.Select(e => e.DtStart!.Date).ShouldBe([team.Due, mine.Due]);
        events.ShouldAllBe(e => !e.DtStart!.HasTime);
        events[1].Description.ShouldNotBeNull().ShouldContain($"http://ect.test/projets/{project}");
        var uid = events[1].Uid;
        events.Select(e => e.Uid).Distinct().Count().ShouldBe(2);

        mine.Moves.Add(new PlanMove(mine.Due, mine.Due.AddDays(30), Login(Role.Staff), App.Clock.GetUtcNow(), null));
        mine.Due = mine.Due.AddDays(30);
        await SaveAsync(mine);
        var moved = Ical.Net.Calendar.Load(await App.ClientAs(null).GetStringAsync(path))!.Events.Single(e => e.Uid == uid);
        moved.DtStart!.Date.ShouldBe(mine.Due);
        moved.Sequence.ShouldBe(1);

        (await WebForms.PostAsync(staff, "/compte?handler=RevoquerAgenda", [])).Text.ShouldContain("Lien d'agenda révoqué");
        (await App.ClientAs(null).GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.ClientAs(null).GetAsync("/calendrier/cal_0123456789abcdef.ics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await TheJournal.OfKindAsync(App.Client, AuditKind.CalendarLinkIssued)).ShouldHaveSingleItem().Login.ShouldBe(Login(Role.Staff));
        (await TheJournal.OfKindAsync(App.Client, AuditKind.CalendarLinkRevoked)).ShouldHaveSingleItem().Summary.ShouldNotContain(path);
    }

    [Fact]
    public async Task a_new_calendar_link_revokes_the_last_one()
    {
        var staff = App.ClientAs(Role.Staff);
        var first = new Uri(FeedUrl().Match((await WebForms.PostAsync(staff, "/compte?handler=Agenda", [])).Text).Value).PathAndQuery;
        var second = new Uri(FeedUrl().Match((await WebForms.PostAsync(staff, "/compte?handler=Agenda", [])).Text).Value).PathAndQuery;

        (await App.ClientAs(null).GetAsync(first)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.ClientAs(null).GetAsync(second)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [GeneratedRegex(@"http://ect\.test/calendrier/[^<\s]+\.ics")]
    private static partial Regex FeedUrl();
}
