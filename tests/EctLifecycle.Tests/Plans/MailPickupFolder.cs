using EctLifecycle.Accounts;
using EctLifecycle.Plans;
using EctLifecycle.Plans.Mail;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EctLifecycle.Tests.Plans;

/// <summary>Without an SMTP server, deploy/run's fallback: each mail written as a .eml file into the pickup folder.</summary>
public sealed class MailPickupFolder
{
    [Fact]
    public async Task without_a_host_a_mail_is_written_whole_into_the_pickup_folder()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "mails-" + Guid.NewGuid().ToString("N"));
        var sender = new MailSender(new Fixed(new MailSettings { PickupFolder = folder }), NullLogger<MailSender>.Instance);
        sender.Configured.ShouldBeTrue();
        var user = new UserAccount { Id = "camille", DisplayName = "Camille", Email = "camille@pole.example" };
        var plan = new Plan { Id = Guid.NewGuid(), ProjectId = Guid.NewGuid(), Title = "Suivi à 2 ans", Due = new DateOnly(2026, 6, 1) };
        var links = new AppLinks { BaseUrl = "https://ect.pole.example/" };
        var line = new PlanLine(plan, "P019", "Les Paniers", links.To(PlanLinks.CardPath(plan.ProjectId)), links.To(PlanLinks.ClosePath(plan)));

        await sender.SendAsync(PlanMails.Reminder(sender.From, user, line, links), user.Id, CancellationToken.None);

        var written = MimeMessage.Load(Directory.GetFiles(folder, "*.eml").ShouldHaveSingleItem());
        written.Subject.ShouldBe("Rappel : P019 Les Paniers — Suivi à 2 ans, pour le lundi 1 juin 2026");
        written.TextBody.ShouldNotBeNull().ShouldContain($"https://ect.pole.example/projets/{plan.ProjectId}/jalon/followUpObserved");
        written.HtmlBody.ShouldNotBeNull().ShouldContain("lundi 1 juin 2026");
        new MailSender(new Fixed(new MailSettings()), NullLogger<MailSender>.Instance).Configured.ShouldBeFalse();
    }

    private sealed class Fixed(MailSettings settings) : IOptionsMonitor<MailSettings>
    {
        public MailSettings CurrentValue => settings;
        public MailSettings Get(string? name) => settings;
        public IDisposable? OnChange(Action<MailSettings, string?> listener) => null;
    }
}
