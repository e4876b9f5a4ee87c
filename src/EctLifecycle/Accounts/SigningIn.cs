using System.Globalization;
using System.Threading.RateLimiting;
using EctLifecycle.Journal;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EctLifecycle.Accounts;

/// <summary>
/// Checking a login and password, throttled twice: per login, by <see cref="SignInFailures"/> in PostgreSQL (every
/// instance sees the same count), and per client address, by ASP.NET Core's rate limiter on the sign-in form's POST.
/// A login no account has costs the same work as a known one: the same reads and writes, and the hasher run on a hash
/// of the same kind, so that the answer's time does not tell which logins exist.
/// </summary>
public sealed class SigningIn(IDocumentStore store, TimeProvider time, IOptions<SignInSettings> options)
{
    private const int Races = 10;

    /// <summary>The account signed in, or none; and when the login is locked, how long to wait.</summary>
    public sealed record Outcome(UserAccount? User, TimeSpan? Wait);

    public async Task<Outcome> TryAsync(string? login, string? password, CancellationToken ct)
    {
        var id = UserAccount.NormalizeLogin(login ?? "");
        var failuresId = SignInFailures.IdOf(id);
        for (var race = 1; ; race++)
        {
            await using var session = store.LightweightSession();
            var reads = session.CreateBatchQuery();
            // A login no account can have (a NUL, which PostgreSQL would refuse to compare) is not looked up.
            var loadUser = UserAccount.LoginProblem(id) is null ? reads.Load<UserAccount>(id) : Task.FromResult<UserAccount?>(null);
            var loadFailures = reads.Load<SignInFailures>(failuresId);
            await reads.Execute(ct);
            var (user, failures) = (await loadUser, await loadFailures);

            var now = time.GetUtcNow();
            if (failures?.WaitAt(now) is { } locked)
            {
                Audit.Record(session, time, AuditKind.SignInFailed, null,
                    $"Connexion refusée sans vérifier le mot de passe : {Tried(user)} est verrouillé encore {SignInFailures.InFrench(locked)} après trop d'échecs.",
                    user?.Id);
                await session.SaveChangesAsync(ct);
                return new(null, locked);
            }
            var counted = failures ?? new SignInFailures { Id = failuresId };
            counted.CountAttempt(now, options.Value);
            if (failures is null) session.Insert(counted);
            else session.Update(counted);
            try { await session.SaveChangesAsync(ct); }
            catch (Exception e) when (IsRace(e))
            {
                // Another attempt on the same login counted first: read its count again.
                if (race < Races) continue;
                return new(null, TimeSpan.FromSeconds(1));
            }

            bool verified;
            if (user is null)
            {
                UserAccount.VerifyNobody(password ?? "");
                verified = false;
            }
            else verified = user.Verify(password ?? "");
            if (!verified)
            {
                var wait = counted.WaitAt(now);
                Audit.Record(session, time, AuditKind.SignInFailed, null, Failure(user, counted.Count, wait), user?.Id);
                await session.SaveChangesAsync(ct);
                return new(null, wait);
            }
            session.Delete<SignInFailures>(failuresId);
            Audit.Record(session, time, AuditKind.SignIn, user!.Id, "Connexion réussie.", user.Id);
            await session.SaveChangesAsync(ct);
            return new(user, null);
        }
    }

    // A login no account has is not written in the journal: it is often a password typed in the wrong field.
    private static string Tried(UserAccount? user) => user is null ? "un identifiant inconnu (non conservé)" : "l'identifiant";

    private static string Failure(UserAccount? user, int inARow, TimeSpan? lockedFor)
    {
        var why = user switch
        {
            null => "identifiant inconnu (non conservé)",
            { Disabled: true } => "compte désactivé",
            _ => "mot de passe incorrect",
        };
        var locked = lockedFor is { } wait ? $" ; {Tried(user)} est verrouillé {SignInFailures.InFrench(wait)}" : "";
        return $"Échec de connexion : {why} ({inARow} échec{(inARow > 1 ? "s" : "")} de suite){locked}.";
    }

    private static bool IsRace(Exception e) => e switch
    {
        ConcurrencyException or DocumentAlreadyExistsException => true,
        AggregateException all => all.InnerExceptions.All(IsRace),
        _ => e.InnerException is { } inner && IsRace(inner),
    };
}

/// <summary>The per-address limit on the sign-in form's POST (ASP.NET Core's rate limiter, a fixed window per address).</summary>
public static class SignInThrottling
{
    public const string AddressPolicy = "connexion";

    /// <summary>At most <c>AttemptsPerAddress</c> sign-in posts per client address and window, answered 429 beyond.</summary>
    public static IServiceCollection AddSignInThrottling(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SignInSettings>(configuration.GetSection(SignInSettings.Section));
        services.AddSingleton<SigningIn>();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(AddressPolicy, context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method)) return RateLimitPartition.GetNoLimiter("lecture");
                var settings = context.RequestServices.GetRequiredService<IOptions<SignInSettings>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "sans adresse",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.AttemptsPerAddress, Window = settings.AddressWindow });
            });
            o.OnRejected = (context, ct) => TooManyAttemptsAsync(context.HttpContext, context.Lease, ct);
        });
        return services;
    }

    private static async ValueTask TooManyAttemptsAsync(HttpContext context, RateLimitLease lease, CancellationToken ct)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var message = $"Trop de tentatives de connexion depuis votre adresse : réessayez dans {SignInFailures.InFrench(wait)}.";
        // Only the sign-in page has this policy (the API has no sign-in route): the answer is a page.
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="fr">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>Trop de tentatives · EctLifecycle</title><link rel="stylesheet" href="/css/site.css" /></head>
            <body>
            <header class="top"><a class="brand" href="/">EctLifecycle <span>suivi des projets du pôle</span></a></header>
            <main id="contenu"><h1>Trop de tentatives</h1><p class="alert" role="alert">{{message}}</p>
                <p><a href="/connexion">Revenir à la connexion</a></p></main>
            </body>
            </html>
            """, ct);
    }
}
