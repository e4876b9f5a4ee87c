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

    /// <summary>The key a project is known by: the hub's, else its id.</summary>
    public static string Of(ProjectRegistered registration) => registration.Key ?? registration.ProjectId.ToString();
}
