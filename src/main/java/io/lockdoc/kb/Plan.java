package io.lockdoc.kb;

import java.util.List;

/** A cause's article with the finding's facts filled in: the steps to follow, in order. */
public record Plan(
        String articleId,
        String title,
        String symptom,
        String reason,
        String solution,
        List<Article.Step> steps,
        List<Article.Reference> references) {}
