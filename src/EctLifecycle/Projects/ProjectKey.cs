using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>
/// The hub's stable key of a project (the spreadsheet's "clé"), unique: stored beside the registration,
/// in the same transaction, so two registrations cannot take one key.
/// </summary>
public sealed class ProjectKey
{
    public string Id { get; set; } = "";
    public Guid ProjectId { get; set; }

    public static string Normalize(string key) => key.Trim().ToUpperInvariant();

    /// <summary>
    /// Why a spreadsheet's cell cannot be a key, or null: read apart from the row's fields, it follows the same rule as
    /// a short text (no control character, no line break); PostgreSQL refuses a NUL even to look a key up.
    /// </summary>
    public static string? Problem(string key) => TypedText.Problem(key, multiline: false) is { } bad ? $"la clé {bad}" : null;

    /// <summary>The project a person names on the command line: by the hub's key, else by its id (Guid.Empty when neither).</summary>
    public static async Task<Guid> ResolveAsync(Marten.IQuerySession session, string keyOrId) =>
        (await session.LoadAsync<ProjectKey>(Normalize(keyOrId)))?.ProjectId ?? (Guid.TryParse(keyOrId, out var id) ? id : Guid.Empty);

    /// <summary>
    /// The next readable key for a project registered without one: « P » and the number after the highest such key
    /// taken (P001, P002…, P045). Two registrations at once may pick the same: the second's insert of its
    /// <see cref="ProjectKey"/> fails and it picks again (<see cref="Timelines.IdempotentWrite"/>).
    /// </summary>
    public static async Task<string> NextAsync(Marten.IQuerySession session, CancellationToken ct)
    {
        var taken = await Marten.QueryableExtensions.ToListAsync(
            session.Query<ProjectKey>().Where(k => k.Id.StartsWith(Prefix)).Select(k => k.Id), ct);
        var highest = taken.Select(k => int.TryParse(k.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max();
        return $"{Prefix}{highest + 1:000}";
    }

    private const string Prefix = "P";

    /// <summary>
    /// A key as a page shows it: a project registered before every project got a key is known by its id in the files
    /// and the API, but a person reads « sans clé », never the id.
    /// </summary>
    public static string Readable(string key) => Guid.TryParse(key, out _) ? "sans clé" : key;

    /// <summary>The key a project is known by: the hub's, else (a project registered before keys were given) its id.</summary>
    public static string Of(ProjectRegistered registration) => registration.Key ?? registration.ProjectId.ToString();
}
