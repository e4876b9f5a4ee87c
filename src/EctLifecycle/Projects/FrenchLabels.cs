namespace EctLifecycle.Projects;

/// <summary>
/// The French words staff use for the domain's lists and milestone types (forms, spreadsheets, reports): the milestone
/// types' from their kinds, the lists' from <see cref="ListLabels"/>.
/// </summary>
public static class FrenchLabels
{
    /// <summary>Each milestone type's label (its kind's <see cref="MilestoneKind.Label"/>), and the registration's.</summary>
    public static readonly IReadOnlyDictionary<string, string> MilestoneTypes =
        MilestoneKinds.All.Select(k => KeyValuePair.Create(k.Type, k.Label))
            .Prepend(KeyValuePair.Create(MilestoneKinds.Registration, "Enregistrement du projet")).ToDictionary();

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => ListLabels.Of(value);

    public static string? Of(Type enumType, string wire) => ListLabels.Of(enumType, wire);

    /// <inheritdoc cref="ListLabels.Allowed{TEnum}"/>
    public static string Allowed<TEnum>() where TEnum : struct, Enum => ListLabels.Allowed<TEnum>();

    public const string ApiNames = ListLabels.ApiNames;

    /// <inheritdoc cref="ListLabels.ForPeople"/>
    public static string ForPeople(string message) => ListLabels.ForPeople(message);

    /// <inheritdoc cref="ListLabels.WireNameOf"/>
    public static string? WireNameOf(Type enumType, string label) => ListLabels.WireNameOf(enumType, label);

    public static string? MilestoneTypeOf(string label) => TypeByLabel.GetValueOrDefault(label.Trim());

    private static readonly Dictionary<string, string> TypeByLabel = ListLabels.Reverse(MilestoneTypes);
}
