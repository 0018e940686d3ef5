using Microsoft.Extensions.Localization;
using Tandem.Core.Groups;

namespace Tandem.Web.Pages;

/// <summary>How a support group or a workshop is named on a page: a workshop by its catalogue theme, unless it was given a title of its own.</summary>
public static class GroupText
{
    public static string Title(GroupActivityView activity, IStringLocalizer l) =>
        activity.Kind == ActivityKind.Workshop && activity.Theme is { } theme && activity.Title == theme ? l["Workshop.Theme." + theme] : activity.Title;
}
