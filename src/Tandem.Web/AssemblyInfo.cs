using System.Resources;

[assembly: NeutralResourcesLanguage("fr")]
