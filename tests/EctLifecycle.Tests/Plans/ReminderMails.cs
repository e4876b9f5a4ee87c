using System.Net;
using System.Text.RegularExpressions;
using EctLifecycle.Accounts;
using EctLifecycle.Plans;
using EctLifecycle.Plans.Mail;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Plans;

public sealed partial class ReminderMails(AppFixture app) : PlanMailStory(app)
{
    [Fact]
    public async Task a_due_plan_sends_one_reminder_to_the_person_in_charge_in_french_with_both_parts_and_links_that_resolve()
    {
        var project = await RegisterKeyedAsync("P042", "Les Paniers du Jura");
        await MailChoiceAsync(Role.Staff, "camille@pole.example");
        await MailChoiceAsync(Role.Analyst, "alex@pole.example");
        var plan = await PlanAsync(project, App.Today, Login(Role.Staff));

        await InvokeAsync(new PlanFellDue(plan.Id));

        var mail = Mails().ShouldHaveSingleItem();
        mail.To.Mailboxes.Select(m => m.Address).ShouldBe(["camille@pole.example"]);
        mail.Subject.ShouldNotBeNull().ShouldContain("P042 Les Paniers du Jura");
        mail.Subject.ShouldStartWith("Rappel : ");
        mail.Subject.ShouldContain(PlanLinks.InFrench(App.Today));
        var text = mail.TextBody.ShouldNotBeNull();
        var html = mail.HtmlBody.ShouldNotBeNull();
        text.ShouldContain("« Suivi à 1 an de l'arrêt » est à faire pour le " + App.Today.ToString("dddd d MMMM yyyy", new System.Globalization.CultureInfo("fr-FR")));
        html.ShouldContain("Suivi à 1 an de l'arrêt");
        html.ShouldContain("<html lang=\"fr\">");
        var links = Links().Matches(text).Select(m => m.Value).ToList();
        links.ShouldContain($"http://ect.test/projets/{project}");
        links.ShouldContain($"http://ect.test/projets/{project}/jalon/followUpObserved");
        foreach (var link in links)
        {
            html.ShouldContain($"href=\"{link}\"");
            var page = await App.ClientAs(Role.Staff).GetAsync(new Uri(link).PathAndQuery);
            page.StatusCode.ShouldBe(HttpStatusCode.OK, link);
        }
        (await (await App.ClientAs(Role.Staff).GetAsync(new Uri(links[1]).PathAndQuery)).Content.ReadAsStringAsync()).ShouldContain("Les Paniers du Jura");
    }

    [Fact]
    public async Task no_reminder_for_a_plan_done_cancelled_or_moved_later_nor_to_someone_who_chose_none_or_has_no_address()
    {
        var project = await RegisterKeyedAsync("P043", "La Recyclerie");
        await MailChoiceAsync(Role.Staff, "camille@pole.example");
        await MailChoiceAsync(Role.Analyst, "alex@pole.example", reminders: false);
        var done = await PlanAsync(project, App.Today, Login(Role.Staff), state: PlanState.Done);
        var cancelled = await PlanAsync(project, App.Today, Login(Role.Staff), state: PlanState.Cancelled);
        var moved = await PlanAsync(project, App.Today, Login(Role.Staff));
        moved.Moves.Add(new PlanMove(moved.Due, App.Today.AddDays(10), "test-staff", App.Clock.GetUtcNow(), "le porteur est en congé"));
        moved.Due = App.Today.AddDays(10);
        await SaveAsync(moved);
        var notWanted = await PlanAsync(project, App.Today, Login(Role.Analyst));
        var noAddress = await PlanAsync(project, App.Today, Login(Role.Admin));
        var due = await PlanAsync(project, App.Today.AddDays(-3), Login(Role.Staff), title: "Réévaluer les critères", kind: PlanKind.Reassessment);

        foreach (var plan in new[] { done, cancelled, moved, notWanted, noAddress, due }) await InvokeAsync(new PlanFellDue(plan.Id));

        var mail = Mails().ShouldHaveSingleItem(); // the one still due (three days late), the control
        mail.Subject.ShouldNotBeNull().ShouldContain("Réévaluer les critères");
        mail.TextBody.ShouldNotBeNull().ShouldContain($"/projets/{project}/jalon/criteriaAssessed");
    }

    [Fact]
    public async Task a_plan_nobody_is_in_charge_of_goes_to_the_team_members_who_chose_reminders()
    {
        var project = await RegisterKeyedAsync("P044", "Le Fournil");
        await MailChoiceAsync(Role.Staff, "camille@pole.example");
        await MailChoiceAsync(Role.Analyst, "alex@pole.example");
        await MailChoiceAsync(Role.Admin, "dominique@pole.example");
        await using (var session = Store.LightweightSession())
        {
            session.Store(Chosen(UserAccount.Create("sacha", "Sacha", Role.Staff, "mot-de-passe-de-test", App.Clock.GetUtcNow()), "sacha@pole.example", reminders: false));
            session.Store(Chosen(UserAccount.Create("lou", "Lou", Role.Staff, "mot-de-passe-de-test", App.Clock.GetUtcNow()), "lou@pole.example", reminders: true));
            await session.SaveChangesAsync();
        }
        var plan = await PlanAsync(project, App.Today, inCharge: null, kind: PlanKind.FundingEnd, title: "Fin du financement F3");

        await InvokeAsync(new PlanFellDue(plan.Id));

        var mails = Mails();
        mails.SelectMany(m => m.To.Mailboxes.Select(b => b.Address)).Order().ShouldBe(["camille@pole.example", "lou@pole.example"]);
        mails.ShouldAllBe(m => m.TextBody!.Contains("ce rappel va à l'équipe") && m.TextBody.Contains("/jalon/fundingEnded"));
    }

    [Fact]
    public async Task a_reminder_handled_again_the_same_day_is_not_sent_twice_but_is_on_another_day()
    {
        var project = await RegisterKeyedAsync("P045", "Les Jardins");
        await MailChoiceAsync(Role.Staff, "camille@pole.example");
        var plan = await PlanAsync(project, App.Today, Login(Role.Staff));

        await InvokeAsync(new PlanFellDue(plan.Id));
        await InvokeAsync(new PlanFellDue(plan.Id));
        App.Smtp.ReceivedEmailCount.ShouldBe(1);

        App.Clock.Advance(TimeSpan.FromDays(1));
        await InvokeAsync(new PlanFellDue(plan.Id));
        App.Smtp.ReceivedEmailCount.ShouldBe(2);
    }

    [Fact]
    public async Task with_the_smtp_server_down_the_reminder_fails_without_a_trace_of_sending_then_goes_once_when_it_is_back()
    {
        var project = await RegisterKeyedAsync("P046", "La Cantine");
        await MailChoiceAsync(Role.Staff, "camille@pole.example");
        var plan = await PlanAsync(project, App.Today, Login(Role.Staff));

        App.Smtp.Stop();
        try
        {
            await Should.ThrowAsync<Exception>(() => InvokeAsync(new PlanFellDue(plan.Id)));
        }
        finally
        {
            App.RestartSmtp();
        }
        await using (var session = Store.QuerySession())
            (await session.Query<SentMail>().CountAsync()).ShouldBe(0);

        await InvokeAsync(new PlanFellDue(plan.Id)); // Wolverine's retry
        await InvokeAsync(new PlanFellDue(plan.Id)); // and one more, as a second retry would
        Mails().ShouldHaveSingleItem().To.Mailboxes.Single().Address.ShouldBe("camille@pole.example");
    }

    [Fact]
    public async Task a_published_reminder_that_met_a_server_hanging_up_is_tried_again_by_wolverine_and_delivered_once()
    {
        var project = await RegisterKeyedAsync("P047", "Le Garage solidaire");
        await MailChoiceAsync(Role.Staff, "camille@pole.example");
        var plan = await PlanAsync(project, App.Today, Login(Role.Staff));
        var port = App.Smtp.Configuration.Port;
        App.Smtp.Stop();
        var hangingUp = new System.Net.Sockets.TcpListener(IPAddress.Loopback, port);
        hangingUp.Start();
        try
        {
            using (var scope = App.Host.Services.CreateScope())
                await scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>().PublishAsync(new PlanFellDue(plan.Id));
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            using (await hangingUp.AcceptTcpClientAsync(wait.Token)) { } // the first try meets a server that closes at once
        }
        finally
        {
            hangingUp.Stop();
            App.RestartSmtp();
        }

        for (var i = 0; i < 100 && App.Smtp.ReceivedEmailCount == 0; i++) await Task.Delay(100);
        App.Smtp.ReceivedEmailCount.ShouldBe(1, "Wolverine's retry, 0.5 s after the failure, delivers it");
        await Task.Delay(TimeSpan.FromSeconds(3)); // past the second retry's cool-down: nothing more comes
        App.Smtp.ReceivedEmailCount.ShouldBe(1);
    }

    private static UserAccount Chosen(UserAccount user, string email, bool reminders)
    {
        (user.Email, user.MailReminders) = (email, reminders);
        return user;
    }

    [GeneratedRegex(@"http://ect\.test/\S+")]
    private static partial Regex Links();
}
