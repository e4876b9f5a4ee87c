using Marten;
using MailKit.Security;
using Wolverine;
using Wolverine.ErrorHandling;

namespace EctLifecycle.Plans.Mail;

/// <summary>
/// The SMTP server (section <c>Mail</c>): <c>Host</c>, <c>Port</c>, <c>Security</c> (<c>auto</c>, <c>none</c>,
/// <c>starttls</c>, <c>ssl</c>), <c>User</c> and <c>Password</c> (from the environment, <c>Mail__Password</c>, never from
/// a file in the repository), <c>From</c>. Without a host, <c>PickupFolder</c> writes each mail as a .eml file there
/// instead; with neither, no mail leaves and a warning says so.
/// </summary>
public sealed class MailSettings
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string Security { get; set; } = "auto";
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "EctLifecycle <ne-pas-repondre@localhost>";
    public string? PickupFolder { get; set; }

    public SecureSocketOptions SocketOptions => Security.Trim().ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "ssl" or "tls" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}

/// <summary>The app's public address (<c>App:BaseUrl</c>), which the links in mails and the calendar feed start with.</summary>
public sealed class AppLinks
{
    public const string DefaultBaseUrl = "http://localhost:5080";

    public string BaseUrl { get; set; } = DefaultBaseUrl;

    public string To(string path) => BaseUrl.TrimEnd('/') + path;
}

public static class MailSetup
{
    public static IServiceCollection AddPlanMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MailSettings>(configuration.GetSection("Mail"));
        services.Configure<AppLinks>(configuration.GetSection("App"));
        services.AddSingleton<MailSender>();
        services.AddSingleton<IConfigureMarten, Documents>();
        return services;
    }

    /// <summary>
    /// A mail not sent (the SMTP server away, refusing) is tried again twice at once, then later, then set aside in
    /// Wolverine's dead letters: what was sent before the failure is not sent again (<see cref="SentMail"/>).
    /// </summary>
    public static void RetryUnsentMail(WolverineOptions opts) =>
        opts.Policies.OnException<MailNotSent>()
            .RetryWithCooldown(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2))
            .Then.ScheduleRetry(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2))
            .Then.MoveToErrorQueue();

    private sealed class Documents : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options)
        {
            options.Schema.For<SentMail>();
            options.Schema.For<Calendar.CalendarToken>().Index(t => t.UserId);
        }
    }
}
