using EctLifecycle.Accounts;
using EctLifecycle.Http;
using EctLifecycle.Journal;
using EctLifecycle.Plans.Calendar;
using EctLifecycle.Plans.Mail;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages;

/// <summary>
/// My account: my address and which mails I receive, my calendar link (shown once, stored hashed, revocable), personal
/// API tokens for scripts (likewise) and my password.
/// </summary>
public sealed class CompteModel(IDocumentStore store, TimeProvider time, Microsoft.Extensions.Options.IOptions<AppLinks> links) : PageModel
{
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];
    public UserAccount? Account { get; private set; }
    public CalendarToken? CalendarLink { get; private set; }
    public string? NewCalendarUrl { get; private set; }
    public string? EmailProblem { get; private set; }
    public string? TypedEmail { get; private set; }
    public string? NewSecret { get; private set; }
    public string? Message { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreerAsync(string? name)
    {
        var typed = TypedText.Read(name ?? "", multiline: false, out var bad);
        if (bad is not null) Problem = $"le nom du jeton {bad}";
        else if (string.IsNullOrEmpty(typed) || typed.Length > 80) Problem = "donnez un nom au jeton (80 caractères au plus), par exemple « script d'import »";
        else
        {
            var (secret, token) = ApiToken.Issue(User.Login(), typed, time.GetUtcNow());
            await using var session = store.LightweightSession();
            session.Insert(token);
            Audit.Record(session, time, AuditKind.TokenIssued, User.Login(), $"Jeton personnel {token.Hint} émis pour « {User.Login()} ».",
                User.Login(), new Dictionary<string, string> { ["tokenHint"] = token.Hint });
            await session.SaveChangesAsync();
            NewSecret = secret;
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevoquerAsync(string id)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<ApiToken>(id) is { } token && token.UserId == User.Login() && token.RevokedAt is null)
        {
            token.RevokedAt = time.GetUtcNow();
            session.Store(token);
            Audit.Record(session, time, AuditKind.TokenRevoked, User.Login(), $"Jeton personnel {token.Hint} de « {token.UserId} » révoqué.",
                token.UserId, new Dictionary<string, string> { ["tokenHint"] = token.Hint });
            await session.SaveChangesAsync();
            Message = $"Jeton « {token.Name} » révoqué.";
        }
        await LoadAsync();
        return Page();
    }

    /// <summary>My address and my choice of mails; a wrong address is refused next to its field and changes nothing.</summary>
    public async Task<IActionResult> OnPostCourrielAsync(string? email, bool reminders, bool digest)
    {
        var address = UserAccount.NormalizeEmail(email);
        await using var session = store.LightweightSession();
        if (UserAccount.EmailProblem(address) is { } bad) (EmailProblem, TypedEmail) = (bad, email);
        else if (await session.LoadAsync<UserAccount>(User.Login()) is { } user)
        {
            var addressChanged = user.Email != address;
            (user.Email, user.MailReminders, user.MailDigest) = (address, reminders, digest);
            session.Store(user);
            Audit.Record(session, time, AuditKind.AccountChanged, User.Login(),
                $"Courriels de « {user.Id} » : {(addressChanged ? (address is null ? "adresse retirée" : "adresse changée") + ", " : "")}{user.MailChoiceInFrench}.", user.Id,
                new Dictionary<string, string> { ["reminders"] = reminders ? "true" : "false", ["digest"] = digest ? "true" : "false" });
            await session.SaveChangesAsync();
            Message = address is null ? "Aucune adresse : vous ne recevrez aucun courriel." : $"Courriels enregistrés : {user.MailChoiceInFrench}.";
        }
        await LoadAsync();
        return Page();
    }

    /// <summary>A new calendar link, shown once; the last one stops working.</summary>
    public async Task<IActionResult> OnPostAgendaAsync()
    {
        await using var session = store.LightweightSession();
        RevokeCalendarLinks(session, await ActiveCalendarLinksAsync(session));
        var (secret, token) = CalendarToken.Issue(User.Login(), time.GetUtcNow());
        session.Insert(token);
        Audit.Record(session, time, AuditKind.CalendarLinkIssued, User.Login(), $"Lien d'agenda {token.Hint} émis pour « {User.Login()} ».",
            User.Login(), new Dictionary<string, string> { ["tokenHint"] = token.Hint });
        await session.SaveChangesAsync();
        NewCalendarUrl = links.Value.To(CalendarToken.PathOf(secret));
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevoquerAgendaAsync()
    {
        await using var session = store.LightweightSession();
        var active = await ActiveCalendarLinksAsync(session);
        if (active.Count > 0)
        {
            RevokeCalendarLinks(session, active);
            await session.SaveChangesAsync();
            Message = "Lien d'agenda révoqué : les agendas qui l'utilisent ne reçoivent plus vos plans.";
        }
        await LoadAsync();
        return Page();
    }

    private async Task<IReadOnlyList<CalendarToken>> ActiveCalendarLinksAsync(IDocumentSession session) =>
        await session.Query<CalendarToken>().Where(t => t.UserId == User.Login() && t.RevokedAt == null).ToListAsync();

    private void RevokeCalendarLinks(IDocumentSession session, IEnumerable<CalendarToken> active)
    {
        foreach (var token in active)
        {
            token.RevokedAt = time.GetUtcNow();
            session.Store(token);
            Audit.Record(session, time, AuditKind.CalendarLinkRevoked, User.Login(), $"Lien d'agenda {token.Hint} de « {token.UserId} » révoqué.",
                token.UserId, new Dictionary<string, string> { ["tokenHint"] = token.Hint });
        }
    }

    public async Task<IActionResult> OnPostMotDePasseAsync(string? current, string? password)
    {
        await using var session = store.LightweightSession();
        var user = await session.LoadAsync<UserAccount>(User.Login());
        if (user is null || current is null || !user.Verify(current)) Problem = "mot de passe actuel incorrect";
        else if (UserAccount.PasswordProblem(password) is { } weak) Problem = weak;
        else
        {
            user.SetPassword(password!);
            session.Store(user);
            Audit.Record(session, time, AuditKind.PasswordChanged, User.Login(),
                $"Mot de passe de « {user.Id} » changé par son titulaire ; ses autres sessions sont fermées.", user.Id);
            await session.SaveChangesAsync();
            // The new stamp ended every session of the account; this browser's goes on with a new cookie.
            if (User.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme)
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                    Authentication.PrincipalOf(user, CookieAuthenticationDefaults.AuthenticationScheme));
            Message = "Mot de passe changé. Vos autres sessions sont fermées.";
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        await using var session = store.QuerySession();
        Tokens = (await session.Query<ApiToken>().Where(t => t.UserId == User.Login()).ToListAsync()).OrderByDescending(t => t.CreatedAt).ToList();
        Account = await session.LoadAsync<UserAccount>(User.Login());
        CalendarLink = (await session.Query<CalendarToken>().Where(t => t.UserId == User.Login() && t.RevokedAt == null).ToListAsync())
            .MaxBy(t => t.CreatedAt);
    }
}
