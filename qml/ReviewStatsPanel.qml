import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import AdGen.Studio

// The review statistics of the paper's human evaluation: the available rate (share of ads
// accepted) of the chosen batches for a reviewer (or all pooled), overall and per batch, model,
// profile and criterion with counts, and Cohen's kappa between two chosen reviewers per
// criterion and overall. Export CSV / JSON through ReviewExporter.
//
// Place it anywhere: ReviewStatsPanel { stats: someReviewStatsController }, where the
// controller has its `store` (or `databasePath`) set; the panel sets its batchIds, reviewer,
// reviewerA and reviewerB from its own choosers.
Pane {
    id: root

    required property ReviewStatsController stats

    padding: 12

    function percent(rate) { return rate < 0 ? "\u2014" : (rate * 100).toFixed(1) + " %" }

    component RateTable: ColumnLayout {
        id: table
        property string heading
        property var rows: []
        property string objectPrefix
        spacing: 2
        Label {
            text: table.heading
            font.bold: true
            font.pixelSize: 15
            Layout.topMargin: 8
        }
        GridLayout {
            columns: 6
            columnSpacing: 16
            rowSpacing: 2
            Layout.fillWidth: true
            Label { text: qsTr("Group"); color: palette.placeholderText; Layout.fillWidth: true }
            Label { text: qsTr("Items"); color: palette.placeholderText }
            Label { text: qsTr("Accepted"); color: palette.placeholderText }
            Label { text: qsTr("Rejected"); color: palette.placeholderText }
            Label { text: qsTr("Open"); color: palette.placeholderText }
            Label { text: qsTr("Available rate"); color: palette.placeholderText }
            Repeater {
                model: table.rows
                delegate: Label {
                    required property var modelData
                    required property int index
                    readonly property int column: index % 6
                    objectName: column === 5 ? table.objectPrefix + "Rate" + Math.floor(index / 6) : ""
                    Layout.fillWidth: column === 0
                    elide: Text.ElideRight
                    font.bold: column === 5
                    text: modelData
                }
            }
        }
    }

    // Flattens rate rows into the six cells per row the GridLayout lays out.
    function cells(rows) {
        const out = []
        for (const r of rows)
            out.push(r.label, r.items, r.accepted, r.rejected, r.open, r.rateText)
        return out
    }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            width: parent.width
            spacing: 6

            // Batches: none ticked means every batch.
            Label { text: qsTr("Batches"); font.bold: true }
            Flow {
                Layout.fillWidth: true
                spacing: 4
                Repeater {
                    model: root.stats.batches
                    CheckBox {
                        required property var modelData
                        objectName: "statsBatch" + modelData.id
                        text: qsTr("%1 (%2)").arg(modelData.name).arg(modelData.itemCount)
                        checked: root.stats.batchIds.indexOf(modelData.id) >= 0
                        onToggled: {
                            const ids = root.stats.batchIds.filter((id) => id !== modelData.id)
                            if (checked)
                                ids.push(modelData.id)
                            root.stats.batchIds = ids
                        }
                    }
                }
                Label {
                    visible: root.stats.batches.length === 0
                    text: qsTr("No review batches yet: make one from the history or import a folder of ads.")
                    color: palette.placeholderText
                }
            }
            RowLayout {
                Layout.fillWidth: true
                Label { text: qsTr("Reviewer") }
                ComboBox {
                    id: reviewerBox
                    objectName: "statsReviewer"
                    Layout.preferredWidth: 220
                    model: [qsTr("All reviewers (pooled)")].concat(root.stats.reviewers)
                    currentIndex: root.stats.reviewers.indexOf(root.stats.reviewer) + 1
                    onActivated: (i) => root.stats.reviewer = i === 0 ? "" : root.stats.reviewers[i - 1]
                }
                Label {
                    Layout.fillWidth: true
                    visible: root.stats.reviewer === ""
                    color: palette.placeholderText
                    elide: Text.ElideRight
                    text: qsTr("Pooled: each reviewer's judgement of an item counts once")
                }
                Item { Layout.fillWidth: true; visible: root.stats.reviewer !== "" }
                Button {
                    objectName: "statsExportCsv"
                    text: qsTr("Export CSV…")
                    onClicked: { exportDialog.suffix = "csv"; exportDialog.open() }
                }
                Button {
                    objectName: "statsExportJson"
                    text: qsTr("Export JSON…")
                    onClicked: { exportDialog.suffix = "json"; exportDialog.open() }
                }
            }
            ErrorBanner {
                Layout.fillWidth: true
                problem: root.stats.error
                fix: root.stats.errorFix
                onDismissed: root.stats.clearError()
            }

            Label {
                objectName: "statsOverall"
                Layout.topMargin: 6
                font.pixelSize: 22
                font.bold: true
                text: qsTr("Available rate: %1").arg(root.stats.overall.rateText ?? "\u2014")
            }
            Label {
                objectName: "statsOverallCounts"
                color: palette.placeholderText
                text: qsTr("%1 items · %2 accepted · %3 rejected · %4 open")
                      .arg(root.stats.overall.items ?? 0).arg(root.stats.overall.accepted ?? 0)
                      .arg(root.stats.overall.rejected ?? 0).arg(root.stats.overall.open ?? 0)
            }

            RateTable { heading: qsTr("Per batch"); objectPrefix: "statsBatch"; rows: root.cells(root.stats.perBatch); Layout.fillWidth: true }
            RateTable { heading: qsTr("Per model"); objectPrefix: "statsModel"; rows: root.cells(root.stats.perModel); Layout.fillWidth: true }
            RateTable { heading: qsTr("Per profile"); objectPrefix: "statsProfile"; rows: root.cells(root.stats.perProfile); Layout.fillWidth: true }
            RateTable { heading: qsTr("Per criterion (share passing)"); objectPrefix: "statsCriterion"; rows: root.cells(root.stats.perCriterion); Layout.fillWidth: true }

            Label { text: qsTr("Agreement (Cohen's kappa)"); font.bold: true; font.pixelSize: 15; Layout.topMargin: 12 }
            RowLayout {
                ComboBox {
                    id: reviewerABox
                    objectName: "statsReviewerA"
                    Layout.preferredWidth: 180
                    model: [qsTr("Reviewer A…")].concat(root.stats.reviewers)
                    currentIndex: root.stats.reviewers.indexOf(root.stats.reviewerA) + 1
                    onActivated: (i) => root.stats.reviewerA = i === 0 ? "" : root.stats.reviewers[i - 1]
                }
                Label { text: qsTr("vs") }
                ComboBox {
                    id: reviewerBBox
                    objectName: "statsReviewerB"
                    Layout.preferredWidth: 180
                    model: [qsTr("Reviewer B…")].concat(root.stats.reviewers)
                    currentIndex: root.stats.reviewers.indexOf(root.stats.reviewerB) + 1
                    onActivated: (i) => root.stats.reviewerB = i === 0 ? "" : root.stats.reviewers[i - 1]
                }
            }
            Label {
                visible: root.stats.agreement.length === 0
                color: palette.placeholderText
                text: root.stats.reviewers.length < 2 ? qsTr("Agreement needs two reviewers who judged the same items.")
                                                      : qsTr("Choose two different reviewers.")
            }
            GridLayout {
                visible: root.stats.agreement.length > 0
                columns: 3
                columnSpacing: 16
                Layout.fillWidth: true
                Label { text: qsTr("Criterion"); color: palette.placeholderText; Layout.fillWidth: true }
                Label { text: qsTr("Items both judged"); color: palette.placeholderText }
                Label { text: qsTr("Kappa"); color: palette.placeholderText }
                Repeater {
                    model: {
                        const out = []
                        for (const a of root.stats.agreement)
                            out.push(a.label, a.items, a.kappaText)
                        return out
                    }
                    delegate: Label {
                        required property var modelData
                        required property int index
                        objectName: index % 3 === 2 ? "statsKappa" + Math.floor(index / 3) : ""
                        Layout.fillWidth: index % 3 === 0
                        font.bold: index % 3 === 2
                        text: modelData
                    }
                }
            }
        }
    }

    FileDialog {
        id: exportDialog
        objectName: "statsExportDialog"
        property string suffix: "csv"
        title: qsTr("Export review statistics")
        fileMode: FileDialog.SaveFile
        defaultSuffix: suffix
        nameFilters: suffix === "csv" ? [qsTr("CSV tables (*.csv)")] : [qsTr("JSON (*.json)")]
        onAccepted: root.stats.exportStatistics(selectedFile)
    }
}
