using System.Text.Json;
using EctLifecycle.Http;
using EctLifecycle.Portfolio;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace EctLifecycle.Web;

/// <summary>
/// The web forms write through the API's own path: form fields become the API's JSON (with the spreadsheet's
/// reading of dates, yes/no and lists), and the API's answer becomes messages next to the fields.
/// </summary>
public static class FormWrites
{
    public static (JsonElement Root, byte[] Bytes) Json(IFormCollection form, SheetSchema schema, params string[] extraText)
    {
        var cells = new Dictionary<string, string>();
        foreach (var (name, values) in form)
        {
            if (name.StartsWith("__", StringComparison.Ordinal) || name == "idempotencyKey") continue;
            var value = string.Join(PortfolioSchema.ListSeparator, values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()));
            if (value.Length > 0) cells[name] = value;
        }
        var json = PortfolioRows.ToJson(schema, new PortfolioRow(0, cells), [], (_, _) => { });
        foreach (var name in extraText)
            if (cells.TryGetValue(name, out var v)) json[name] = v;
        // Fields outside the schema (a typo, a tampered form) still reach the API, which names them.
        foreach (var (name, v) in cells)
            if (!json.ContainsKey(name) && schema.ColumnOfField(name) is null) json[name] = v;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(json);
        return (JsonSerializer.Deserialize<JsonElement>(bytes), bytes);
    }

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
                    foreach (var message in messages) state.AddModelError(field, message);
                return false;
            case ProblemHttpResult problem:
                state.AddModelError("", problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "erreur");
                return false;
            default:
                state.AddModelError("", "l'enregistrement a échoué");
                return false;
        }
    }

    public static Guid IdOf(string body, string property) =>
        JsonDocument.Parse(body).RootElement.GetProperty(property).GetGuid();
}
