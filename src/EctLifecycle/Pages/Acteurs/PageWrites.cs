using EctLifecycle.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace EctLifecycle.Pages.Acteurs;

/// <summary>The directory's API answers as a page reads them: a success, or its problems next to the fields.</summary>
public static class PageWrites
{
    public static bool Succeeded(IResult result, ModelStateDictionary state) =>
        result is IStatusCodeHttpResult { StatusCode: < 300 } || FormWrites.Succeeded(result, state, out _);
}
