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
    CalendarLinkIssued, CalendarLinkRevoked,
}

public static class AuditKinds
{
    private static readonly Dictionary<AuditKind, string> Labels = new()
    {
        [AuditKind.SignIn] = "Connexion", [AuditKind.SignInFailed] = "Connexion refusée", [AuditKind.SignOut] = "Déconnexion",
        [AuditKind.AccountCreated] = "Compte créé", [AuditKind.AccountChanged] = "Compte modifié",
        [AuditKind.AccountDisabled] = "Compte désactivé", [AuditKind.AccountEnabled] = "Compte réactivé",
        [AuditKind.PasswordChanged] = "Mot de passe changé",
        [AuditKind.TokenIssued] = "Jeton émis", [AuditKind.TokenRevoked] = "Jeton révoqué",
        [AuditKind.Import] = "Import", [AuditKind.Export] = "Export", [AuditKind.ReportDownloaded] = "Rapport téléchargé",
        [AuditKind.Erasure] = "Effacement (RGPD)", [AuditKind.Rebuild] = "Reconstruction", [AuditKind.SettingsChanged] = "Réglages changés",
        [AuditKind.CalendarLinkIssued] = "Lien d'agenda émis", [AuditKind.CalendarLinkRevoked] = "Lien d'agenda révoqué",
    };

    /// <summary>The kind as the journal's page and CSV name it.</summary>
    public static string Label(this AuditKind kind) => Labels[kind];

    /// <summary>The kind's wire name (<c>signInFailed</c>), as the API writes and reads it.</summary>
    public static string Wire(this AuditKind kind) => char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString()[1..];

    public static IReadOnlyList<string> WireNames { get; } = Enum.GetValues<AuditKind>().Select(Wire).ToList();

    /// <summary>The kind of a wire name, case ignored (not a number: those are no wire name).</summary>
    public static bool TryParse(string? text, out AuditKind kind)
    {
        kind = default;
        var wire = text?.Trim();
        return wire is { Length: > 0 } && char.IsLetter(wire[0]) && Enum.TryParse(wire, ignoreCase: true, out kind) && Enum.IsDefined(kind);
    }
}

/// <summary>
/// One entry of the journal (audit trail): who did what, when. Inserted, never updated nor deleted (the database refuses
/// it: EventStore/AppendOnlyJournal). Nothing in it is personal data beyond logins: <c>Who</c> is the login acting (null
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
    /// <summary>Who acts in a command run on the server (<c>users</c>, <c>import</c>…): no login signs it in.</summary>
    public const string CommandLine = "ligne de commande";

    /// <summary>The details of a command run on the server: the system account that ran it.</summary>
    public static Dictionary<string, string> OnTheServer(Dictionary<string, string>? details = null)
    {
        var all = details ?? [];
        all["systemUser"] = Environment.UserName;
        return all;
    }

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
