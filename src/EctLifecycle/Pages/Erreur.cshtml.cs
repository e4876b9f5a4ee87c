using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages;

/// <summary>
/// The French page of an answer without a body (see <see cref="Web.ErrorPages"/>): re-executed for any method, so it
/// reads no form and checks no anti-forgery token.
/// </summary>
[AllowAnonymous, IgnoreAntiforgeryToken]
public sealed class ErreurModel : PageModel
{
    [BindProperty(SupportsGet = true)] public int Code { get; set; }
}
