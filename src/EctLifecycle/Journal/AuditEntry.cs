using Marten;

namespace EctLifecycle.Journal;

/// <summary>What an entry of the journal records. Wire names are camelCase (<c>signIn</c>, <c>erasure</c>…).</summary>
public enum AuditKind
{
    SignIn, SignInFailed, SignOut,
    AccountCreated, AccountChanged, AccountDisabled, AccountEnabled, PasswordChanged,
    TokenIssued, TokenRevoked,
    Import, Export, ReportDownloaded,
    Erasure, Rebuild, SettingsChanged,
}

/// <summary>
/// One entry of the journal (audit trail): who did what, when. Inserted, never updated nor deleted (the database refuses
/// it, see <see cref="AuditSchema"/>). Nothing in it is personal data beyond logins: <c>Who</c> is the login acting (null
/// for an anonymous attempt), <c>Login</c> the login concerned or tried; <c>Summary</c> is a French sentence without
/// names of people, <c>Details</c> the figures (counts, a file name, a project key).
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; }
    public DateTimeOffset At { get; set; }
    public AuditKind Kind { get; set; }
    public string? Who { get; set; }
    public string? Login { get; set; }
    public string Summary { get; set; } = "";
    public Dictionary<string, string> Details { get; set; } = [];
}

public static class Audit
{
    /// <summary>Adds an entry to <paramref name="session"/>: it is stored with the session's other changes, or not at all.</summary>
    public static AuditEntry Record(
        IDocumentSession session, TimeProvider time, AuditKind kind, string? who, string summary,
        string? login = null, IReadOnlyDictionary<string, string>? details = null)
    {
        var entry = new AuditEntry
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()), At = time.GetUtcNow(), Kind = kind, Who = who, Login = login,
            Summary = summary, Details = details?.ToDictionary() ?? [],
        };
        session.Insert(entry);
        return entry;
    }

    /// <summary>Stores one entry on its own (for what has no session of its own to share: a sign-in, a download).</summary>
    public static async Task RecordAsync(
        IDocumentStore store, TimeProvider time, AuditKind kind, string? who, string summary,
        string? login = null, IReadOnlyDictionary<string, string>? details = null, CancellationToken ct = default)
    {
        await using var session = store.LightweightSession();
        Record(session, time, kind, who, summary, login, details);
        await session.SaveChangesAsync(ct);
    }
}

/// <summary>Placeholder for the append-only guard (a trigger refusing UPDATE and DELETE on the journal's table).</summary>
public static class AuditSchema
{
}
