#pragma once

#include <QList>
#include <QString>

#include "review_item.h"

// Ads made elsewhere, read from a folder for a review batch, so the review lane serves any
// generator (docs/formats.md, "Review imports"). Two forms:
//
// (a) The reference `validation()` layout (model-spec 2.9), as `adgen eval` writes it too:
//     pr_image/{n}.png (or {n}_{t}.png), optionally fusion_image/ with the same names, the copy
//     from {step}_batch/{b}_{r}_layout.json (`pr_title`, B entries for samples b·B .. b·B+B-1;
//     the highest step when there are several), else from predictions.json; selling points
//     from the layout's `word_list` / `selling_points` when present, else from references.json
//     (adgen eval writes them there).
// (b) Pictures listed in a JSON or CSV file (`ads.json` / `ads.csv`, or the folder's only
//     .json / .csv file, or the file itself) with, per ad, the picture's file, its copy and its
//     selling points, optionally a fusion picture, the model and the shopper.
//
// Reading is all or nothing: the first problem throws adgen::Error naming the file (and the
// line or entry) and saying how to fix it. Pictures are kept as PNG bytes (a PNG file as it is,
// so a PNG exported by the studio keeps its recipe, which the item then carries).
struct ReviewFolderImport {
    QString form;             // "validation" or "listing"
    QString source;           // the folder (a) or the listing file (b), absolute
    QString suggestedName;    // the folder's name, for the batch
    QList<ReviewItem> items;  // positions 1..n, pictures filled
};

// `modelName` names the model of ads that do not say (default: the folder's name).
ReviewFolderImport readReviewFolder(const QString& path, const QString& modelName = {});

// Splits a selling-points text the way PAd1M's word_list and `adgen metrics` do: on ASCII and
// full-width commas, trimmed, blanks dropped.
QStringList splitSellingPoints(const QString& text);
