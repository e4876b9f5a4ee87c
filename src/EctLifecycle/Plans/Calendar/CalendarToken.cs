using System.Security.Cryptography;

namespace EctLifecycle.Plans.Calendar;

/// <summary>
/// The secret of a personal calendar link (<c>/calendrier/{secret}.ics</c>): only its SHA-256 is stored (the document's
/// id), as for the API tokens; revoked, the link answers 404. One active per account: issuing a new one revokes the last.
/// </summary>
public sealed class CalendarToken
{
    public const string Prefix = "cal_";

    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public string Hint { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public static (string Secret, CalendarToken Token) Issue(string userId, DateTimeOffset now)
    {
        var secret = Prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        return (secret, new CalendarToken { Id = HashOf(secret), UserId = userId, Hint = secret[..10] + "…", CreatedAt = now });
    }

    public static string HashOf(string secret) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret.Trim())));

    public static string PathOf(string secret) => $"/calendrier/{secret}.ics";
}
