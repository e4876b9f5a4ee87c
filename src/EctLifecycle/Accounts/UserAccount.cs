using System.Security.Cryptography;
using EctLifecycle.Http;
using Microsoft.AspNetCore.Identity;

namespace EctLifecycle.Accounts;

/// <summary>Staff log milestones and import; analysts read everything, export and analyse; admins also manage users.</summary>
public enum Role { Staff, Analyst, Admin }

public static class Roles
{
    /// <summary>The role's name as the team says it, capitalised as a name: Équipe, Analyste, Administrateur.</summary>
    public static string InFrench(this Role role) => role switch
    {
        Role.Staff => "Équipe",
        Role.Analyst => "Analyste",
        _ => "Administrateur",
    };

    /// <summary>The roles that write (the policy <c>CanWrite</c>): Équipe and Administrateur; only they may be in charge of a plan.</summary>
    public static bool Writes(this Role role) => role is Role.Staff or Role.Admin;
}

/// <summary>Who logged a fact, as the pages say it: an account's display name rather than its login.</summary>
public static class AccountNames
{
    /// <summary>Each account's display name by its login (a login without an account, as an import's, is shown as it is).</summary>
    public static async Task<Func<string, string>> OfAsync(Marten.IQuerySession session, CancellationToken ct)
    {
        var names = (await Marten.QueryableExtensions.ToListAsync(session.Query<UserAccount>(), ct))
            .Where(u => u.DisplayName.Length > 0).ToDictionary(u => u.Id, u => u.DisplayName, StringComparer.OrdinalIgnoreCase);
        return login => names.GetValueOrDefault(login, login);
    }
}

/// <summary>A person who signs in. The id is the login, lower-case; the password is kept hashed by ASP.NET Core's hasher.</summary>
public sealed class UserAccount
{
    public string Id { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public Role Role { get; set; }
    public string PasswordHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public bool Disabled { get; set; }

    /// <summary>
    /// Written into each session cookie at sign-in and compared with this one on every request (<see cref="Sessions"/>):
    /// renewing it ends every session of the account, on every instance. Accounts stored before it existed read "", as
    /// do the cookies they were given, so they keep working until it is first renewed.
    /// </summary>
    public string SecurityStamp { get; set; } = "";

    /// <summary>Where the reminders and the digest go (personal data: docs/personal-data.md); null: no mail at all.</summary>
    public string? Email { get; set; }

    /// <summary>A mail when a plan one is in charge of falls due (accounts stored before the choice existed read yes).</summary>
    public bool MailReminders { get; set; } = true;

    /// <summary>The weekly « À faire cette semaine » (accounts stored before the choice existed read yes).</summary>
    public bool MailDigest { get; set; } = true;

    /// <summary>What the account receives, as the pages say it.</summary>
    public string MailChoiceInFrench => (MailReminders, MailDigest) switch
    {
        (true, true) => "rappels et récapitulatif hebdomadaire",
        (true, false) => "rappels seulement",
        (false, true) => "récapitulatif hebdomadaire seulement",
        _ => "aucun courriel",
    };

    private static readonly PasswordHasher<UserAccount> Hasher = new();

    public static string NormalizeLogin(string login) => login.Trim().ToLowerInvariant();

    public static UserAccount Create(string login, string displayName, Role role, string password, DateTimeOffset now)
    {
        var user = new UserAccount { Id = NormalizeLogin(login), DisplayName = displayName.Trim(), Role = role, CreatedAt = now };
        user.SetPassword(password);
        return user;
    }

    /// <summary>A new password ends the account's sessions.</summary>
    public void SetPassword(string password)
    {
        PasswordHash = Hasher.HashPassword(this, password);
        EndSessions();
    }

    public void EndSessions() => SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public void Disable()
    {
        Disabled = true;
        EndSessions();
    }

    public void Enable() => Disabled = false;

    /// <summary>A new role ends the account's sessions: each cookie carries the role it was signed in with.</summary>
    public void ChangeRole(Role role)
    {
        Role = role;
        EndSessions();
    }

    /// <summary>Always runs the hasher, even for a disabled account, so that the answer takes the same time.</summary>
    public bool Verify(string password) =>
        Hasher.VerifyHashedPassword(this, PasswordHash, password) != PasswordVerificationResult.Failed && !Disabled;

    /// <summary>The work of <see cref="Verify"/> for a login no account has: the hasher run on a hash of the same kind.</summary>
    public static void VerifyNobody(string password) => Hasher.VerifyHashedPassword(Nobody, NobodysHash.Value, password);

    private static readonly UserAccount Nobody = new();
    private static readonly Lazy<string> NobodysHash = new(() => Hasher.HashPassword(Nobody, NewPassword()));

    /// <summary>Why a login (normalized) cannot be one: 2 to 60 visible characters, none of them a space or invisible.</summary>
    public static string? LoginProblem(string login) =>
        TypedText.Problem(login, multiline: false) is { } bad ? $"l'identifiant {bad}"
        : login.Length is < 2 or > 60 || login.Any(TypedText.IsInvisible) ? "l'identifiant doit compter 2 à 60 caractères, sans espace" : null;

    /// <summary>
    /// The login of an active account as typed (any case, spaces around), or null when none has it: who a command run on
    /// the server records as acting (its <c>--by</c>), which must be a login, never a name.
    /// </summary>
    public static async Task<string?> ActiveLoginAsync(Marten.IQuerySession session, string typed)
    {
        var login = NormalizeLogin(typed);
        return LoginProblem(login) is null && await session.LoadAsync<UserAccount>(login) is { Disabled: false } ? login : null;
    }

    /// <summary>An address as typed, trimmed; "" (nothing typed) reads as none.</summary>
    public static string? NormalizeEmail(string? typed) => string.IsNullOrWhiteSpace(typed) ? null : typed.Trim();

    /// <summary>
    /// Why a typed address (normalized) cannot be one: a single mailbox <c>nom@domaine.fr</c>, no name around it, no space,
    /// 254 characters at most, a domain with a dot. Null (none) is no problem: the account then receives no mail.
    /// </summary>
    public static string? EmailProblem(string? email)
    {
        if (email is null) return null;
        if (TypedText.Problem(email, multiline: false) is { } bad) return $"l'adresse électronique {bad}";
        var at = email.LastIndexOf('@');
        var wellFormed = email.Length <= 254 && at > 0 && at < email.Length - 1 && !email.Any(c => char.IsWhiteSpace(c) || TypedText.IsInvisible(c))
            && email.IndexOf('@') == at && email[(at + 1)..] is var domain && domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.')
            && MimeKit.MailboxAddress.TryParse(email, out var parsed) && parsed.Address == email && string.IsNullOrEmpty(parsed.Name);
        return wellFormed ? null : "adresse électronique invalide : elle s'écrit nom@domaine.fr, sans espace";
    }

    public static string? PasswordProblem(string? password) =>
        string.IsNullOrEmpty(password) || password.Length < 10 ? "le mot de passe doit compter au moins 10 caractères" : null;

    public static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', '-').Replace('/', '_');
}

/// <summary>A personal API token for scripts, sent as a bearer token. Only its SHA-256 is stored (the document's id).</summary>
public sealed class ApiToken
{
    public const string Prefix = "ect_";

    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Hint { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>A new token: the secret to show once, and the document that keeps only its hash.</summary>
    public static (string Secret, ApiToken Token) Issue(string userId, string name, DateTimeOffset now)
    {
        var secret = Prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        return (secret, new ApiToken { Id = HashOf(secret), UserId = userId, Name = name.Trim(), Hint = secret[..10] + "…", CreatedAt = now });
    }

    public static string HashOf(string secret) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret.Trim())));
}
