using System.Text.Json.Nodes;
using EctLifecycle.Actors;
using EctLifecycle.Projects;

namespace EctLifecycle.Pages.Projets;

/// <summary>
/// The part of a milestone's form that registers the actor it names in the directory, when the name typed is not one of
/// the directory's (issue 18): its kind, commune and locality, posted as <c>newActor.kind</c>… and sent to the API as
/// the <c>newActor</c> object (what is left empty is what the milestone says: its name, its kind and locality if it says them).
/// </summary>
public static class NewActorForm
{
    public const string Kind = "newActor.kind", CommuneCode = "newActor.communeCode", IsLocal = "newActor.isLocal";

    public static IReadOnlyList<(string Value, string Label)> Kinds { get; } =
        Enum.GetValues<DirectoryKind>().Select(k => (DirectoryKinds.Wire(k), DirectoryKinds.Label(k))).ToList();

    public static JsonObject Json(IFormCollection form)
    {
        var json = new JsonObject();
        if (form[Kind].ToString() is { Length: > 0 } kind) json["kind"] = kind;
        if (form[CommuneCode].ToString().Trim() is { Length: > 0 } code) json["communeCode"] = code;
        switch (form[IsLocal].ToString())
        {
            case "oui": json["isLocal"] = true; break;
            case "non": json["isLocal"] = false; break;
        }
        return json;
    }

    /// <summary>The errors the API gave on the new actor's fields, for the form (the field's own key, or the whole).</summary>
    public static IEnumerable<string> Errors(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state, string key) =>
        state[key]?.Errors.Select(e => e.ErrorMessage) ?? [];

    public static string Field => ActorReference.NewActor;
}
