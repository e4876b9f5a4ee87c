using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace EctLifecycle.Web;

/// <summary>What the field partial needs: the field, what was typed, the API's messages for it, suggestions.</summary>
public sealed record FieldView(FormField Field, IReadOnlyList<string> Values, IReadOnlyList<string> Errors, IReadOnlyList<string> Suggestions)
{
    public string Value => Values.FirstOrDefault() ?? "";

    /// <summary>Whether it is the name of the actor a milestone names: the form offers the directory's actors and posts the one chosen.</summary>
    public bool NamesActor { get; init; }
    public string Id => $"f-{Field.Name}";
    public string? Describedby => string.Join(' ', new[] { Field.Help is null ? null : $"{Id}-help", Errors.Count > 0 ? $"{Id}-error" : null }.OfType<string>()) is { Length: > 0 } d ? d : null;

    public static FieldView Of(FormField field, IFormCollection? form, ModelStateDictionary state, IReadOnlyList<string>? suggestions = null) =>
        new(field,
            form is not null && form.TryGetValue(field.Name, out var v) ? v.Where(x => x is not null).Select(x => x!).ToList() : [],
            state.Where(e => e.Key == field.Name || e.Key.StartsWith(field.Name + "[", StringComparison.Ordinal))
                .SelectMany(e => e.Value!.Errors.Select(x => x.ErrorMessage)).ToList(),
            suggestions ?? []);
}
