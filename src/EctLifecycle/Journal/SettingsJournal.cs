using Marten;

namespace EctLifecycle.Journal;

/// <summary>
/// The app's settings are its configuration (appsettings, environment variables), changed by whoever runs it, not from a
/// page: at each start, the settings that change what it does (sign-in limits, import limits, trusted proxies, the
/// environment) are compared with the last ones the journal holds, and a change is an entry. Secrets (the connection
/// string) are never read here. Two instances started together may both record the same change.
/// </summary>
public sealed class SettingsJournal(IDocumentStore store, TimeProvider time, IConfiguration configuration, IHostEnvironment environment,
    ILogger<SettingsJournal> log) : IHostedService
{
    public static readonly string[] Sections = ["SignIn", "Import"];
    public static readonly string[] Variables = ["ECT_TRUSTED_PROXIES", "ECT_SCHEMA"];
    public const string Environment = "environment";

    public async Task StartAsync(CancellationToken ct)
    {
        try { await RecordIfChangedAsync(store, time, Read(configuration, environment.EnvironmentName), ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not fatal: the next start compares again.
            log.LogWarning(e, "Journal: the settings could not be compared with the last ones recorded");
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>The settings that are set, by their configuration key.</summary>
    public static SortedDictionary<string, string> Read(IConfiguration configuration, string environmentName)
    {
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal) { [Environment] = environmentName };
        foreach (var section in Sections)
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable(makePathsRelative: false))
                if (value is not null) settings[key] = value;
        foreach (var name in Variables)
            if (configuration[name] is { Length: > 0 } value) settings[name] = value;
        return settings;
    }

    /// <summary>Records the settings when they differ from the last ones recorded (or none were): the entry, else null.</summary>
    public static async Task<AuditEntry?> RecordIfChangedAsync(
        IDocumentStore store, TimeProvider time, IReadOnlyDictionary<string, string> settings, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var last = await session.Query<AuditEntry>().Where(e => e.Kind == AuditKind.SettingsChanged)
            .OrderByDescending(e => e.At).FirstOrDefaultAsync(ct);
        var before = last?.Details ?? [];
        var changes = settings.Keys.Union(before.Keys).Order(StringComparer.Ordinal)
            .Where(k => settings.GetValueOrDefault(k) != before.GetValueOrDefault(k))
            .Select(k => $"{k} {before.GetValueOrDefault(k) ?? "(non défini)"} → {settings.GetValueOrDefault(k) ?? "(non défini)"}")
            .ToList();
        if (last is not null && changes.Count == 0) return null;
        var summary = last is null
            ? $"Réglages au démarrage de l'application (premier relevé) : {string.Join(" ; ", settings.Select(s => $"{s.Key} {s.Value}"))}."
            : $"Réglages changés au démarrage de l'application : {string.Join(" ; ", changes)}.";
        var entry = Audit.Record(session, time, AuditKind.SettingsChanged, null, summary, details: settings);
        await session.SaveChangesAsync(ct);
        return entry;
    }
}
