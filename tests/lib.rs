mod directives;
