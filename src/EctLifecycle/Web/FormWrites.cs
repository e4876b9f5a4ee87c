using EctLifecycle.Timelines;
using System.Text.Json;
using EctLifecycle.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace EctLifecycle.Web;

/// <summary>
/// The web forms write through the API's own path (<see cref="MilestoneForms.Json"/> makes the API's JSON of the
/// form's fields), and the API's answer becomes messages next to the fields.
/// </summary>
public static class FormWrites
{
    /// <summary>Copies an API answer's problems into the page's model state; true when the write succeeded.</summary>
    public static bool Succeeded(IResult result, ModelStateDictionary state, out string? body)
    {
        body = null;
        switch (result)
        {
            case WrittenResult written when written.Status < 300:
                body = written.Body;
                return true;
            case ProblemHttpResult { ProblemDetails: HttpValidationProblemDetails validation }:
                foreach (var (field, messages) in validation.Errors)
                    foreach (var message in messages) state.AddModelError(field, Projects.FrenchLabels.ForPeople(message));
                return false;
            case ProblemHttpResult problem:
                state.AddModelError("", Projects.FrenchLabels.ForPeople(problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "erreur"));
                return false;
            default:
                state.AddModelError("", "l'enregistrement a échoué");
                return false;
        }
    }

    public static Guid IdOf(string body, string property) =>
        JsonDocument.Parse(body).RootElement.GetProperty(property).GetGuid();
}
