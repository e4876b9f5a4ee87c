namespace EctLifecycle.Plans.Mail;

/// <summary>
/// A mail that left, keyed by what it was about, for whom and which day: a handler tried again after a failure skips
/// those already sent. Only the login and the subject are kept, never the address.
/// </summary>
public sealed class SentMail
{
    public string Id { get; set; } = "";
    public string Login { get; set; } = "";
    public string Subject { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }

    public static string ReminderKey(Guid planId, string login, DateOnly day) => $"reminder:{planId:N}:{login}:{day:yyyy-MM-dd}";

    public static string DigestKey(DateOnly week, string login) => $"digest:{week:yyyy-MM-dd}:{login}";
}
