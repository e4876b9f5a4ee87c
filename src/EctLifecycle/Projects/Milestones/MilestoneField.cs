using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>How a field is entered in the form and written in the milestone sheet.</summary>
public enum Entry { Text, LongText, Date, YesNo, Check, Choice, Choices, Number }

/// <summary>
/// One field of a milestone kind: the API's name, its French label (the form) and header (the milestone sheet), how it
/// is entered, whether it must be given, its closed list if any. <c>CheckedFor</c>: a check box that the form ticks when
/// another field (a select) takes one of these values, until the person ticks it themself.
/// </summary>
public abstract record MilestoneField(string Name, string Label, string Header, Entry Entry, bool Required, Type? Choices, string? Help)
{
    public (string Field, IReadOnlyList<string> Values)? CheckedFor { get; init; }

    /// <summary>False for a field the form sets by other means (the directory actor chosen among the suggestions).</summary>
    public bool InForm { get; init; } = true;
}

/// <summary>A field that reads its value of type <typeparamref name="T"/> out of a body or a row, by the API's rules.</summary>
public sealed record MilestoneField<T>(
    string Name, string Label, string Header, Entry Entry, bool Required, Type? Choices, string? Help, Func<FieldReader, string, T> Reading)
    : MilestoneField(Name, Label, Header, Entry, Required, Choices, Help)
{
    public T Read(FieldReader r) => Reading(r, Name);
}

/// <summary>The kinds of field milestones are made of, each with its reading.</summary>
public static class Field
{
    /// <summary>The most jobs a stop or a follow-up may count.</summary>
    public const long MaxJobs = 100_000;

    public static MilestoneField<string> Text(string name, string label, string header, string? help = null, int max = 200) =>
        new(name, label, header, Entry.Text, true, null, help, (r, f) => r.RequiredString(f, max));

    public static MilestoneField<string?> OptionalText(string name, string label, string header, string? help = null) =>
        new(name, label, header, Entry.Text, false, null, help, (r, f) => r.String(f, false));

    public static MilestoneField<string> LongText(string name, string label, string header, string? help = null) =>
        new(name, label, header, Entry.LongText, true, null, help, (r, f) => r.RequiredString(f, FieldReader.MaxText));

    public static MilestoneField<string?> OptionalLongText(string name, string label, string header, string? help = null) =>
        new(name, label, header, Entry.LongText, false, null, help, (r, f) => r.String(f, false, FieldReader.MaxText));

    public static MilestoneField<bool> YesNo(string name, string label, string header, string? help = null) =>
        new(name, label, header, Entry.YesNo, true, null, help, (r, f) => r.Bool(f));

    /// <summary>Yes or no, « no » when not given.</summary>
    public static MilestoneField<bool> YesNoElseNo(string name, string label, string header, string? help = null) =>
        new(name, label, header, Entry.YesNo, false, null, help, (r, f) => r.Bool(f, required: false));

    /// <summary>Yes, no, or null when not said (not observed).</summary>
    public static MilestoneField<bool?> YesNoIfSaid(string name, string label, string header, string? help = null) =>
        new(name, label, header, Entry.YesNo, false, null, help, OptionalBool);

    /// <summary>A check box: yes, no, or null when the form did not ask (the API and the files may leave it out).</summary>
    public static MilestoneField<bool?> Check(string name, string label, string header, string? help = null) =>
        new(name, label, header, Entry.Check, false, null, help, OptionalBool);

    public static MilestoneField<T> Choice<T>(string name, string label, string header, string? help = null) where T : struct, Enum =>
        new(name, label, header, Entry.Choice, true, typeof(T), help, (r, f) => r.Enum<T>(f) ?? default);

    public static MilestoneField<T?> OptionalChoice<T>(string name, string label, string header, string? help = null) where T : struct, Enum =>
        new(name, label, header, Entry.Choice, false, typeof(T), help, (r, f) => r.Enum<T>(f, required: false));

    public static MilestoneField<decimal> Amount(string name, string label, string header, string? help = null) =>
        new(name, label, header, Entry.Number, true, null, help, (r, f) => r.Amount(f) ?? 0);

    public static MilestoneField<DateOnly?> OptionalDate(string name, string label, string header, string? help = null) =>
        new(name, label, header, Entry.Date, false, null, help, (r, f) => r.Date(f, DateOnly.MaxValue, required: false));

    /// <summary>A count of jobs, null when not given, at most <see cref="MaxJobs"/> (more is refused, or cut down).</summary>
    public static MilestoneField<int?> Jobs(string name, string label, string header, bool refuseMore) =>
        new(name, label, header, Entry.Number, false, null, null, (r, f) =>
        {
            var n = r.Long(f, 0, required: false);
            if (refuseMore && n > MaxJobs) r.Error(f, $"{MaxJobs} au plus");
            return n is { } jobs ? (int)Math.Min(jobs, MaxJobs) : null;
        });

    private static bool? OptionalBool(FieldReader r, string field)
    {
        if (r.Has(field)) return r.Bool(field);
        r.Ignore(field);
        return null;
    }
}
