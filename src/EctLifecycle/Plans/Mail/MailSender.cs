using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EctLifecycle.Plans.Mail;

/// <summary>Thrown when a mail could not leave: Wolverine tries the message again (<see cref="MailSetup.RetryUnsentMail"/>).</summary>
public sealed class MailNotSent(string message, Exception inner) : Exception(message, inner);

/// <summary>Sends one mail through SMTP with MailKit, or writes it into the pickup folder when no server is set.</summary>
public sealed class MailSender(IOptionsMonitor<MailSettings> options, ILogger<MailSender> log)
{
    public MailSettings Settings => options.CurrentValue;

    /// <summary>Whether a mail can go anywhere; when not, the handlers say so once per message and send nothing.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(Settings.Host) || !string.IsNullOrWhiteSpace(Settings.PickupFolder);

    public MailboxAddress From => MailboxAddress.Parse(Settings.From);

    public async Task SendAsync(MimeMessage message, string login, CancellationToken ct)
    {
        var settings = Settings;
        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            Directory.CreateDirectory(settings.PickupFolder!);
            var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_'));
            var file = Path.Combine(settings.PickupFolder!, name + ".eml");
            await message.WriteToAsync(file, ct);
            log.LogInformation("Mail « {Subject} » for {Login} written to {File}", message.Subject, login, file);
            return;
        }
        using var client = new SmtpClient { Timeout = 20_000 };
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, settings.SocketOptions, ct);
            if (!string.IsNullOrEmpty(settings.User)) await client.AuthenticateAsync(settings.User, settings.Password ?? "", ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // One line, not a stack trace: the server away is an outage, not a bug; the message is tried again.
            log.LogWarning("Mail « {Subject} » for {Login} not sent: the SMTP server {Host}:{Port} answered {Error}; it will be tried again",
                message.Subject, login, settings.Host, settings.Port, ex.GetBaseException().Message);
            throw new MailNotSent($"courriel non envoyé à {login} : {ex.GetBaseException().Message}", ex);
        }
        log.LogInformation("Mail « {Subject} » sent to {Login} through {Host}:{Port}", message.Subject, login, settings.Host, settings.Port);
    }
}
