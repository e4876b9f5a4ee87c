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

    /// <summary>The project a person names on the command line: by the hub's key, else by its id (Guid.Empty when neither).</summary>
    public static async Task<Guid> ResolveAsync(Marten.IQuerySession session, string keyOrId) =>
        (await session.LoadAsync<ProjectKey>(Normalize(keyOrId)))?.ProjectId ?? (Guid.TryParse(keyOrId, out var id) ? id : Guid.Empty);

    /// <summary>The key a project is known by: the hub's, else its id.</summary>
    public static string Of(ProjectRegistered registration) => registration.Key ?? registration.ProjectId.ToString();
}
