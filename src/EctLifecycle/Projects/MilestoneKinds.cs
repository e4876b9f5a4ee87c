using System.Collections.Frozen;
using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>
/// Every kind of milestone staff can log, found among this assembly's <see cref="MilestoneKind"/>s (one file each under
/// <c>Projects/Milestones</c>) and ordered by their <see cref="MilestoneKind.Order"/>: the API, the import, the forms and
/// the fold all go through here, so a new kind is its file.
/// </summary>
public static class MilestoneKinds
{
    public static readonly IReadOnlyList<MilestoneKind> All = typeof(MilestoneKind).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(MilestoneKind)) && !t.IsAbstract)
        .Select(t => (MilestoneKind)Activator.CreateInstance(t)!)
        .OrderBy(k => k.Order).ToList();

    private static readonly FrozenDictionary<string, MilestoneKind> ByType = All.ToFrozenDictionary(k => k.Type, StringComparer.Ordinal);
    private static readonly FrozenDictionary<Type, MilestoneKind> ByEvent = All.ToFrozenDictionary(k => k.EventType);

    public static IReadOnlyList<string> Types { get; } = All.Select(k => k.Type).ToList();

    /// <summary>The kinds with a form of their own, in their order.</summary>
    public static IReadOnlyList<MilestoneKind> WithForm { get; } = All.Where(k => k.Help is not null).ToList();

    public const string Registration = "projectRegistered";

    /// <summary>The wire type of a stored event: the <c>type</c> it was logged with.</summary>
    public static string TypeOf(IProjectEvent e) => e is ProjectRegistered ? Registration : ByEvent[e.GetType()].Type;

    /// <summary>The kind of a milestone, or null for the registration (not a milestone).</summary>
    public static MilestoneKind? Of(IProjectEvent e) => ByEvent.GetValueOrDefault(e.GetType());

    public static MilestoneKind? Find(string type) => ByType.GetValueOrDefault(type);

    public static bool IsKnown(string type) => ByType.ContainsKey(type);

    /// <summary>Reads the type's fields; check <see cref="FieldReader.Ok"/> before using the event.</summary>
    public static IProjectEvent Read(string type, FieldReader r, MilestoneHeader header, IAssessmentGrids grids)
    {
        var e = ByType[type].Read(r, header, grids);
        r.RejectUnknown();
        return e;
    }
}
