using EctLifecycle.Accounts;
using EctLifecycle.Plans;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Plans;

public sealed class DigestMails(AppFixture app) : PlanMailStory(app)
{
    private DateOnly Monday => App.Today.AddDays(-(((int)App.Today.DayOfWeek + 6) % 7));

    [Fact]
    public async Task the_digest_lists_overdue_plans_first_then_this_weeks_and_goes_only_to_those_who_chose_it_and_have_something_due()
    {
        var paniers = await RegisterKeyedAsync("P050", "Les Paniers");
        var fournil = await RegisterKeyedAsync("P051", "Le Fournil");
        await MailChoiceAsync(Role.Staff, "camille@pole.example");
        await MailChoiceAsync(Role.Analyst, "alex@pole.example", digest: false);
        await MailChoiceAsync(Role.Admin, "dominique@pole.example"); // chose it, but nothing is theirs
        await PlanAsync(paniers, Monday.AddDays(4), Login(Role.Staff), title: "Vendredi : réévaluer");
        await PlanAsync(fournil, Monday.AddDays(-20), Login(Role.Staff), title: "Très en retard : suivi");
        await PlanAsync(paniers, Monday.AddDays(-2), inCharge: null, title: "En retard, pour l'équipe : fin de financement");
        await PlanAsync(fournil, Monday, Login(Role.Staff), title: "Lundi : suivi");
        await PlanAsync(fournil, Monday.AddDays(9), Login(Role.Staff), title: "La semaine prochaine");
        await PlanAsync(fournil, Monday.AddDays(-5), Login(Role.Staff), title: "Fait", state: PlanState.Done);
        await PlanAsync(paniers, Monday.AddDays(1), Login(Role.Analyst), title: "Pour l'analyste");

        await InvokeAsync(new WeeklyDigestDue(Monday));

        var mail = Mails().ShouldHaveSingleItem();
        mail.To.Mailboxes.Single().Address.ShouldBe("camille@pole.example");
        mail.Subject.ShouldStartWith("À faire cette semaine");
        mail.Subject.ShouldContain("4 plans, dont 2 en retard");
        var text = mail.TextBody.ShouldNotBeNull();
        var html = mail.HtmlBody.ShouldNotBeNull();
        string[] order = ["En retard", "Très en retard : suivi", "En retard, pour l'équipe", "Cette semaine", "Lundi : suivi", "Vendredi : réévaluer"];
        order.Select(t => text.IndexOf(t, StringComparison.Ordinal)).ShouldBeInOrder();
        order.ShouldAllBe(t => text.Contains(t));
        text.ShouldNotContain("La semaine prochaine");
        text.ShouldNotContain("Fait");
        text.ShouldContain("P051 Le Fournil");
        html.IndexOf("Très en retard", StringComparison.Ordinal).ShouldBeLessThan(html.IndexOf("Lundi : suivi", StringComparison.Ordinal));

        await InvokeAsync(new WeeklyDigestDue(Monday)); // handled again: not sent twice
        App.Smtp.ReceivedEmailCount.ShouldBe(1);
    }
}
