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

    /// <summary>The key a project is known by: the hub's, else its id.</summary>
    public static string Of(ProjectRegistered registration) => registration.Key ?? registration.ProjectId.ToString();
}
