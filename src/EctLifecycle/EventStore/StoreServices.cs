using System.Runtime.CompilerServices;
using Marten;

namespace EctLifecycle.EventStore;

/// <summary>
/// The services of the host that configured a document store, found from the store (or any of its sessions): how a
/// question given only a session reaches the rows below Marten's API registered in that host's container
/// (<see cref="IEventRows"/>, <see cref="IScorePeriodRows"/>). The app has one store; each test host has its own. A store
/// no host configured (a tool's own) gets the Marten implementations over itself.
/// </summary>
public static class StoreServices
{
    private static readonly ConditionalWeakTable<StoreOptions, IServiceProvider> Hosts = new();

    /// <summary>Remembers which host's services configured a store's options (registered in Program.cs).</summary>
    public sealed class Registration : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options) => Hosts.AddOrUpdate(options, services);
    }

    /// <summary>The services of the host that configured <paramref name="store"/>, if one did.</summary>
    public static IServiceProvider? Of(IDocumentStore store) =>
        Hosts.TryGetValue((StoreOptions)store.Options, out var services) ? services : null;

    /// <summary>The store's rows of the events below Marten's API.</summary>
    public static IEventRows EventRows(this IDocumentStore store) =>
        Of(store)?.GetRequiredService<IEventRows>() ?? new MartenEventRows(store);

    /// <summary>The store's rows of the score history below Marten's API.</summary>
    public static IScorePeriodRows PeriodRows(this IDocumentStore store) =>
        Of(store)?.GetRequiredService<IScorePeriodRows>() ?? new MartenScorePeriodRows(store);
}
