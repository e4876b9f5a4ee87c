using System.Collections;
using System.Reflection;
using EctLifecycle.Privacy;
using EctLifecycle.Projects;

namespace EctLifecycle.Tests.Privacy;

/// <summary>
/// The masking rules cover every text of every project event: each one is either typed text, where the name is replaced,
/// or a code, left as it is, and a new field is in neither until someone decides (this test then fails).
/// </summary>
public class MaskingEveryField
{
    private const string Typed = "Notes sur Paul Martin";
    private const string Pseudonym = "Personne 0A1B";
    private static readonly PersonName Paul = PersonName.Read("paul MARTIN", out _)!;

    [Fact]
    public void every_project_event_type_has_a_masking_rule()
    {
        EventMasks.Rules.Select(r => r.Type).ShouldBe(ProjectEvents.All, ignoreOrder: true);
    }

    [Fact]
    public void every_text_of_every_event_type_is_free_text_or_a_code_and_never_both()
    {
        foreach (var rule in EventMasks.Rules)
        {
            var listed = rule.FreeText.Concat(rule.Codes).ToList();
            listed.ShouldBeUnique($"{rule.Type.Name}: a field listed twice");
            listed.ShouldBe(TextPaths(rule.Type), ignoreOrder: true,
                $"{rule.Type.Name}: every text (and list of texts, and text of a nested record) is in exactly one list");
        }
    }

    [Fact]
    public void free_texts_lose_the_name_and_codes_keep_it()
    {
        foreach (var rule in EventMasks.Rules)
        {
            var e = Sample(rule.Type);
            EventMasks.Names(e, Paul).ShouldBeTrue(rule.Type.Name);
            var masked = EventMasks.Mask(e, new Masking(Paul, Pseudonym));
            masked.GetType().ShouldBe(rule.Type);
            foreach (var path in rule.FreeText)
                foreach (var text in Values(masked, path)) text.ShouldBe($"Notes sur {Pseudonym}", $"{rule.Type.Name}.{path}");
            foreach (var path in rule.Codes)
                foreach (var text in Values(masked, path)) text.ShouldBe(Typed, $"{rule.Type.Name}.{path}");
            EventMasks.Names(masked, Paul).ShouldBeFalse(rule.Type.Name);
            masked.ProjectId.ShouldBe(e.ProjectId);
            masked.OccurredOn.ShouldBe(e.OccurredOn);
        }
    }

    [Fact]
    public void the_codes_of_a_stop_stay_and_the_words_of_an_older_stop_are_masked()
    {
        var stop = new ProjectStopped(Guid.NewGuid(), new DateOnly(2020, 1, 1), "claire",
            ["carrierLeft", "Paul Martin est parti"], "Paul Martin reste joignable");
        var masked = (ProjectStopped)EventMasks.Mask(stop, new Masking(Paul, Pseudonym));
        masked.Reasons.ShouldBe(["carrierLeft", $"{Pseudonym} est parti"]);
        masked.Note.ShouldBe($"{Pseudonym} reste joignable");
        masked.LoggedBy.ShouldBe("claire");
    }

    [Fact]
    public void an_event_that_does_not_name_the_person_is_not_named()
    {
        var note = new NoteAdded(Guid.NewGuid(), new DateOnly(2020, 1, 1), "paul", "Rencontre avec Paulette Martin");
        EventMasks.Names(note, Paul).ShouldBeFalse("a login is a code, and Paulette is not Paul");
    }

    /// <summary>Every string property of a type, by path: "Name", "Reasons[]", "Scores[].Rationale".</summary>
    private static List<string> TextPaths(Type type, string prefix = "")
    {
        var paths = new List<string>();
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            if (t == typeof(string)) paths.Add(prefix + p.Name);
            else if (ItemOf(t) is { } item)
            {
                if (item == typeof(string)) paths.Add($"{prefix}{p.Name}[]");
                else if (IsRecord(item)) paths.AddRange(TextPaths(item, $"{prefix}{p.Name}[]."));
                else if (!item.IsValueType) throw new InvalidOperationException($"{type.Name}.{p.Name}: a list of {item.Name}, unknown to this test");
            }
            else if (IsRecord(t)) paths.AddRange(TextPaths(t, $"{prefix}{p.Name}."));
            else if (!t.IsValueType) throw new InvalidOperationException($"{type.Name}.{p.Name}: a {t.Name}, unknown to this test");
        }
        return paths;
    }

    private static Type? ItemOf(Type t) =>
        t != typeof(string) && t.IsGenericType && typeof(IEnumerable).IsAssignableFrom(t) ? t.GetGenericArguments()[0] : null;

    private static bool IsRecord(Type t) => t.GetMethod("<Clone>$") is not null;

    /// <summary>An event of the type with every text set to <see cref="Typed"/>, lists of one, nested records filled alike.</summary>
    private static IProjectEvent Sample(Type type)
    {
        var e = (IProjectEvent)Build(type);
        type.GetProperty(nameof(ProjectFact.Source))!.SetValue(e, Typed);
        return e;
    }

    private static object Build(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke(constructor.GetParameters().Select(p => Value(p.ParameterType)).ToArray());
    }

    private static object? Value(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return Typed;
        if (t == typeof(Guid)) return Guid.NewGuid();
        if (t == typeof(DateOnly)) return new DateOnly(2020, 3, 1);
        if (ItemOf(t) is { } item)
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(item))!;
            list.Add(Value(item));
            return list;
        }
        if (IsRecord(t)) return Build(t);
        return Activator.CreateInstance(t);
    }

    private static IEnumerable<string?> Values(object o, string path)
    {
        var dot = path.IndexOf('.');
        var head = dot < 0 ? path : path[..dot];
        var property = o.GetType().GetProperty(head.TrimEnd('[', ']'))!;
        var value = property.GetValue(o);
        var items = head.EndsWith("[]", StringComparison.Ordinal) ? ((IEnumerable)value!).Cast<object>() : [value!];
        return dot < 0 ? items.Select(i => (string?)i) : items.SelectMany(i => Values(i, path[(dot + 1)..]));
    }
}
