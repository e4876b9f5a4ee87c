using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Marten;
using Marten.Services;

namespace EctLifecycle.Accounts;

/// <summary>
/// The owners of bearer tokens seen lately, so that a script's requests don't each read its token and its account.
/// Any change to a token or an account saved through this app (a revocation, a disabled account) empties it at once
/// (<see cref="AccountChanges"/>); a change made by another process is seen within <see cref="Keep"/>.
/// Only successful sign-ins are kept, so unknown tokens cannot fill it.
/// </summary>
public sealed class TokenCache
{
    public static readonly TimeSpan Keep = TimeSpan.FromSeconds(30);
    private const int MaxTokens = 10_000;

    private static readonly ConditionalWeakTable<IDocumentStore, TokenCache> Stores = new();
    private readonly ConcurrentDictionary<string, (ClaimsPrincipal Principal, long Until)> _owners = new();

    public static TokenCache Of(IDocumentStore store) => Stores.GetValue(store, _ => new TokenCache());

    public ClaimsPrincipal? Find(string tokenHash) =>
        _owners.TryGetValue(tokenHash, out var kept) && Environment.TickCount64 < kept.Until ? kept.Principal : null;

    public void Remember(string tokenHash, ClaimsPrincipal principal)
    {
        if (_owners.Count >= MaxTokens) _owners.Clear();
        _owners[tokenHash] = (principal, Environment.TickCount64 + (long)Keep.TotalMilliseconds);
    }

    public void Clear() => _owners.Clear();
}

/// <summary>Empties the token cache when a session commits a change to a token or an account.</summary>
public sealed class AccountChanges : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit.Updated.Concat(commit.Inserted).Any(IsAccountDocument) || commit.Deleted.Any(d => IsAccountType(d.DocumentType)))
            TokenCache.Of(session.DocumentStore).Clear();
        return Task.CompletedTask;
    }

    private static bool IsAccountDocument(object document) => IsAccountType(document.GetType());

    private static bool IsAccountType(Type type) => type == typeof(ApiToken) || type == typeof(UserAccount);
}
