import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import AdGen.Studio

// The studio window: the product on the left, the brief's text on the right.
ApplicationWindow {
    id: window

    required property BriefController brief
    // The model generation uses; loads in the background (progress in the status bar).
    required property ModelController modelController
    // Generates ads for the brief and the picked shopper.
    required property GenerationController generation
    // The shopper profile library.
    required property ProfileStore profileStore
    // Every generation made, kept as it finished.
    required property GenerationHistoryStore historyStore
    // PNG (recipe embedded), JPEG + sidecar, PDF contact sheets, copy text, restore from a PNG.
    required property ExportController exporter
    // The same ad for several shoppers, to show personalization at a glance.
    required property ShopperGridController shopperGrid
    // The saved model, device, dtype and generation defaults (the Settings dialog).
    required property StudioSettings studioSettings
    // The reviewer's lane (issue 7): the Review button or Ctrl+R shows it instead of the studio.
    required property ReviewController reviewController
    property bool reviewMode: false
    // Shown in the status bar: the numeric runtime the engine runs on.
    property string runtimeSummary

    // The status bar shows the latest success of the brief or an export.
    property string lastStatus: window.brief.status
    Connections {
        target: window.exporter
        function onStatusChanged() { window.lastStatus = window.exporter.status }
    }
    Connections {
        target: window.brief
        function onStatusChanged() { window.lastStatus = window.brief.status }
    }

    // Runs `action` now if nothing would be lost, otherwise after the user saved or discarded.
    property var pendingAction: null
    function whenSafeToDiscard(action) {
        if (!window.brief.modified) {
            action()
            return
        }
        pendingAction = action
        unsavedDialog.open()
    }
    function saveThen(action) {
        if (window.brief.save()) {
            action()
        } else if (window.brief.filePath === "") {
            pendingAction = action
            saveDialog.open()
        }
    }
    function openFiles(urls) {
        const url = urls[0].toString()
        if (url.endsWith(".adgen.json"))
            whenSafeToDiscard(() => window.brief.open(url))
        else if (window.exporter.hasRecipe(url))  // an exported ad: its brief and settings come back
            whenSafeToDiscard(() => window.restoreFrom(url))
        else
            window.brief.loadProduct(url)
    }
    function restoreFrom(url) {
        if (!window.exporter.restoreFromPng(url))
            return
        // The shopper too, when the library still has the profile.
        if (window.exporter.restoredProfileId >= 0)
            window.generation.useProfile(window.exporter.restoredProfileId)
    }
    // The variants an export acts on: the selection, or every variant when none is selected.
    function exportRows() {
        if (variantsPage.selection.length > 0)
            return variantsPage.selection
        const rows = []
        for (let i = 0; i < window.generation.variants.count; ++i) rows.push(i)
        return rows
    }

    // Compare: two variants (as the grid shows them, raw or fused), or one variant's raw image
    // against its fusion.
    function openCompare(rows) {
        const get = (row, role) => window.generation.variants.at(row)[role]
        const fusion = generationPanel.showFusion
        if (rows.length === 1) {
            compareView.imageA = get(rows[0], "image")
            compareView.imageB = get(rows[0], "fusionImage")
            compareView.labelA = qsTr("#%1 raw").arg(get(rows[0], "number"))
            compareView.labelB = qsTr("#%1 product fusion").arg(get(rows[0], "number"))
            compareView.titleA = compareView.titleB = get(rows[0], "title")
        } else {
            const pick = (row) => fusion && variantsPage.variantDone(row) ? get(row, "fusionImage") : get(row, "image")
            compareView.imageA = pick(rows[0])
            compareView.imageB = pick(rows[1])
            compareView.labelA = qsTr("#%1 · seed %2").arg(get(rows[0], "number")).arg(get(rows[0], "seed"))
            compareView.labelB = qsTr("#%1 · seed %2").arg(get(rows[1], "number")).arg(get(rows[1], "seed"))
            compareView.titleA = get(rows[0], "title")
            compareView.titleB = get(rows[1], "title")
        }
        compareView.open()
    }

    function exportOne(row, suffix) {
        exportDialog.row = row
        exportDialog.suffix = suffix
        exportDialog.selectedFile = window.exporter.exportFolder + "/" +
                                    window.exporter.suggestedFileName(row, generationPanel.showFusion, suffix)
        exportDialog.open()
    }

    width: 1280
    height: 800
    minimumWidth: 900
    minimumHeight: 560
    visible: true
    title: (window.brief.modified ? "\u25cf " : "") + window.brief.displayName + " \u2014 AdGen Studio"

    // Set once the user chose to discard or saved, so the second close goes through.
    property bool closeConfirmed: false
    onClosing: (close) => {
        if (window.brief.modified && !closeConfirmed) {
            close.accepted = false
            whenSafeToDiscard(() => {
                window.closeConfirmed = true
                window.close()
            })
        }
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            spacing: 2
            ToolButton {
                objectName: "newBriefButton"
                text: qsTr("New")
                onClicked: window.whenSafeToDiscard(() => window.brief.newBrief())
            }
            ToolButton {
                objectName: "openBriefButton"
                text: qsTr("Open…")
                onClicked: window.whenSafeToDiscard(() => openDialog.open())
            }
            ToolButton {
                objectName: "recentFilesButton"
                text: qsTr("Recent \u25be")
                onClicked: recentMenu.open()
                RecentFilesMenu {
                    id: recentMenu
                    objectName: "recentMenu"
                    y: parent.height
                    brief: window.brief
                    onBriefChosen: (path) => window.whenSafeToDiscard(() => window.brief.open(path))
                    onProductChosen: (path) => window.brief.loadProduct(path)
                }
            }
            ToolButton {
                objectName: "saveBriefButton"
                text: qsTr("Save")
                onClicked: window.saveThen(() => {})
            }
            ToolButton {
                objectName: "saveBriefAsButton"
                text: qsTr("Save as…")
                onClicked: saveDialog.open()
            }
            ToolSeparator {}
            ToolButton {
                objectName: "undoButton"
                text: qsTr("Undo")
                enabled: window.brief.canUndo
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Undo %1 (Ctrl+Z)").arg(window.brief.undoText)
                onClicked: window.brief.undo()
            }
            ToolButton {
                objectName: "redoButton"
                text: qsTr("Redo")
                enabled: window.brief.canRedo
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Redo %1 (Ctrl+Shift+Z)").arg(window.brief.redoText)
                onClicked: window.brief.redo()
            }
            ToolSeparator {}
            ToolButton {
                objectName: "loadProductToolButton"
                text: qsTr("Load product…")
                onClicked: productDialog.open()
            }
            ToolSeparator {}
            ToolButton {
                objectName: "reviewModeButton"
                text: qsTr("Review")
                checkable: true
                checked: window.reviewMode
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Review ads against the reject criteria (Ctrl+R)")
                onClicked: window.reviewMode = checked
            }
            Item { Layout.fillWidth: true }
            Label {
                text: window.brief.displayName + (window.brief.modified ? qsTr(" (modified)") : "")
                color: "#495057"
                rightPadding: 12
            }
            ToolButton {
                objectName: "statsButton"
                text: qsTr("Statistics…")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Review statistics: available rates and reviewer agreement")
                onClicked: statsDialog.open()
            }
            ToolButton {
                objectName: "presentButton"
                text: qsTr("Present")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Show the variants full screen (F5)")
                onClicked: presentation.open()
            }
            ToolButton {
                objectName: "settingsButton"
                text: qsTr("Settings…")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Model, device and generation defaults (Ctrl+,)")
                onClicked: settingsDialog.open()
            }
        }
    }

    footer: ToolBar {
        RowLayout {
            anchors.fill: parent
            Label {
                objectName: "statusLabel"
                Layout.fillWidth: true
                leftPadding: 8
                text: window.lastStatus
                elide: Text.ElideRight
            }
            ProgressBar {
                objectName: "modelLoadProgress"
                visible: window.modelController.loading
                value: window.modelController.progress
                Layout.preferredWidth: 120
            }
            Label {
                objectName: "modelLabel"
                rightPadding: 4
                text: window.modelController.loading
                      ? qsTr("Loading model %1…").arg(window.modelController.loadingDirectory)
                      : window.modelController.summary
                elide: Text.ElideMiddle
                Layout.maximumWidth: 520
            }
            ToolButton {
                objectName: "cancelModelLoadButton"
                visible: window.modelController.loading
                text: qsTr("Cancel")
                onClicked: window.modelController.cancelLoad()
            }
            ToolSeparator {}
            Label {
                objectName: "runtimeLabel"
                rightPadding: 8
                text: window.runtimeSummary
                color: "#495057"
            }
        }
    }

    // Files dropped anywhere outside the product view (which has its own drop target and
    // highlight) are handled the same way: briefs open, images become the product.
    DropArea {
        anchors.fill: parent
        onEntered: (drag) => drag.accept(Qt.CopyAction)
        onDropped: (drop) => {
            if (drop.hasUrls)
                window.openFiles(drop.urls)
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ErrorBanner {
            objectName: "modelError"
            Layout.fillWidth: true
            Layout.margins: visible ? 8 : 0
            problem: window.modelController.error
            fix: window.modelController.errorFix
            onDismissed: window.modelController.clearError()
        }

        ErrorBanner {
            objectName: "exportError"
            Layout.fillWidth: true
            Layout.margins: visible ? 8 : 0
            problem: window.exporter.error
            fix: window.exporter.errorFix
            onDismissed: window.exporter.clearError()
        }

        ErrorBanner {
            objectName: "briefError"
            Layout.fillWidth: true
            Layout.margins: visible ? 8 : 0
            problem: window.brief.error
            fix: window.brief.errorFix
            onDismissed: window.brief.clearError()
        }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: !window.reviewMode
            orientation: Qt.Horizontal

            // The brief (the product cut-out above its text) and the shopper, one tab each.
            ColumnLayout {
                SplitView.preferredWidth: 460
                SplitView.minimumWidth: 360
                spacing: 0

                TabBar {
                    id: leftTabs
                    objectName: "leftTabs"
                    Layout.fillWidth: true
                    TabButton { objectName: "briefTab"; text: qsTr("Brief") }
                    TabButton {
                        objectName: "shopperTab"
                        text: window.generation.shopperName !== "" ? qsTr("Shopper: %1").arg(window.generation.shopperName)
                                                                     : qsTr("Shopper")
                    }
                    TabButton { objectName: "historyTab"; text: qsTr("History") }
                }
                StackLayout {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    currentIndex: leftTabs.currentIndex

                    SplitView {
                        orientation: Qt.Vertical
                        ProductView {
                            objectName: "productView"
                            SplitView.preferredHeight: 300
                            SplitView.minimumHeight: 180
                            product: window.brief.product
                            onLoadRequested: productDialog.open()
                            onFilesDropped: (urls) => window.openFiles(urls)
                            onPasteRequested: window.brief.pasteProduct()
                        }
                        BriefEditor {
                            objectName: "briefEditor"
                            SplitView.fillHeight: true
                            SplitView.minimumHeight: 260
                            brief: window.brief
                        }
                    }
                    ShopperPanel {
                        objectName: "shopperPanel"
                        store: window.profileStore
                        generation: window.generation
                    }
                    HistoryPanel {
                        objectName: "historyPanel"
                        store: window.historyStore
                        generation: window.generation
                    }
                }
            }

            // Generation: its settings and read-out above the variants.
            ColumnLayout {
                SplitView.fillWidth: true
                SplitView.minimumWidth: 480
                spacing: 0

                GenerationPanel {
                    id: generationPanel
                    objectName: "generationPanel"
                    Layout.fillWidth: true
                    generation: window.generation
                    modelController: window.modelController
                }
                TabBar {
                    id: rightTabs
                    objectName: "rightTabs"
                    Layout.fillWidth: true
                    TabButton { objectName: "variantsTab"; text: qsTr("Variants") }
                    TabButton {
                        objectName: "shopperGridTab"
                        text: qsTr("Same ad, several shoppers")
                    }
                }
                StackLayout {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    currentIndex: rightTabs.currentIndex

                    VariantsPage {
                        id: variantsPage
                        objectName: "variantsPage"
                        generation: window.generation
                        exporter: window.exporter
                        showFusion: generationPanel.showFusion
                        onExportRequested: (row, suffix) => window.exportOne(row, suffix)
                        onContactSheetRequested: contactSheetDialog.open()
                        onExportAllRequested: exportAllDialog.open()
                        onCompareRequested: (rows) => window.openCompare(rows)
                    }
                    ShopperGridView {
                        objectName: "shopperGridView"
                        grid: window.shopperGrid
                        store: window.profileStore
                        showFusion: generationPanel.showFusion
                    }
                }
            }
        }

        ReviewPage {
            objectName: "reviewPage"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: window.reviewMode
            controller: window.reviewController
            onBackRequested: window.reviewMode = false
        }
    }

    Shortcut { sequences: [StandardKey.New]; onActivated: window.whenSafeToDiscard(() => window.brief.newBrief()) }
    Shortcut { sequences: [StandardKey.Open]; onActivated: window.whenSafeToDiscard(() => openDialog.open()) }
    Shortcut { sequences: [StandardKey.Save]; onActivated: window.saveThen(() => {}) }
    Shortcut { sequences: [StandardKey.SaveAs]; onActivated: saveDialog.open() }
    Shortcut { sequence: "Ctrl+I"; onActivated: productDialog.open() }
    // Explicit keys, not StandardKey: the same on every desktop, and no key listed twice (a
    // repeated key makes the shortcut ambiguous). Text fields route these to the brief too.
    Shortcut { sequence: "Ctrl+Z"; onActivated: window.brief.undo() }
    Shortcut { sequences: ["Ctrl+Shift+Z", "Ctrl+Y"]; onActivated: window.brief.redo() }
    Shortcut { sequence: "Ctrl+Shift+V"; onActivated: window.brief.pasteProduct() }
    Shortcut { sequences: ["Ctrl+Return", "Ctrl+Enter"]; onActivated: window.generation.generate() }
    Shortcut { sequence: "Ctrl+R"; onActivated: window.reviewMode = !window.reviewMode }
    Shortcut {
        sequence: "Escape"
        enabled: window.generation.running && !window.reviewMode  // review mode's Esc leaves it
        onActivated: window.generation.cancelAll()
    }

    CompareView {
        id: compareView
        objectName: "compareView"
    }

    // Review statistics (issue 7), on the review lane's store (so they follow its verdicts).
    ReviewStatsController {
        id: reviewStats
        objectName: "reviewStats"
        store: window.reviewController.store
        historyStore: window.historyStore
    }
    Dialog {
        id: statsDialog
        objectName: "statsDialog"
        title: qsTr("Review statistics")
        modal: true
        anchors.centerIn: parent
        width: Math.min(window.width - 80, 980)
        height: window.height - 80
        standardButtons: Dialog.Close
        onAboutToShow: reviewStats.refresh()
        contentItem: ReviewStatsPanel { stats: reviewStats; padding: 0 }
    }

    // Presentation mode: the variants full screen, F5 or Present; Esc leaves.
    Shortcut { sequence: "F5"; onActivated: presentation.open() }
    Connections {
        target: reviewStats
        function onStatisticsChanged() { presentationView.verdictRevision++ }
    }
    Popup {
        id: presentation
        objectName: "presentation"
        property int visibilityBefore: Window.Windowed
        parent: Overlay.overlay
        x: 0
        y: 0
        width: parent ? parent.width : 0
        height: parent ? parent.height : 0
        padding: 0
        modal: true
        closePolicy: Popup.NoAutoClose
        onAboutToShow: {
            visibilityBefore = window.visibility
            window.showFullScreen()
            presentationView.currentIndex = 0
            presentationView.verdictRevision++
        }
        onOpened: presentationView.forceActiveFocus()
        onClosed: window.visibility = visibilityBefore
        contentItem: PresentationView {
            id: presentationView
            objectName: "presentationView"
            model: window.generation.variants
            gridModel: window.shopperGrid.cells
            showFusion: generationPanel.showFusion
            // The current reviewer's verdicts (anyone's when no reviewer is set yet).
            verdictFor: (row, number, title) => reviewStats.verdictForVariant(number, title, window.reviewController.reviewer)
            onCloseRequested: presentation.close()
        }
    }

    Shortcut { sequence: "Ctrl+,"; onActivated: settingsDialog.open() }
    SettingsDialog {
        id: settingsDialog
        objectName: "settingsDialog"
        settings: window.studioSettings
        modelController: window.modelController
    }

    FileDialog {
        id: exportDialog
        objectName: "exportDialog"
        property int row: 0
        property string suffix: "png"
        title: qsTr("Export variant")
        fileMode: FileDialog.SaveFile
        currentFolder: window.exporter.exportFolder
        nameFilters: suffix === "png" ? [qsTr("PNG images with recipe (*.png)")] : [qsTr("JPEG images (*.jpg *.jpeg)")]
        onAccepted: {
            if (suffix === "png")
                window.exporter.exportPng(row, selectedFile, generationPanel.showFusion)
            else
                window.exporter.exportJpeg(row, selectedFile, generationPanel.showFusion)
        }
    }
    FileDialog {
        id: contactSheetDialog
        objectName: "contactSheetDialog"
        title: qsTr("Save contact sheet")
        fileMode: FileDialog.SaveFile
        currentFolder: window.exporter.exportFolder
        nameFilters: [qsTr("PDF documents (*.pdf)")]
        onAccepted: window.exporter.exportContactSheet(selectedFile, window.exportRows(), generationPanel.showFusion)
    }
    FolderDialog {
        id: exportAllDialog
        objectName: "exportAllDialog"
        title: qsTr("Export every finished variant to")
        currentFolder: window.exporter.exportFolder
        onAccepted: window.exporter.exportAll(selectedFolder)
    }

    FileDialog {
        id: openDialog
        objectName: "openDialog"
        currentFolder: window.brief.workingFolder
        title: qsTr("Open brief")
        nameFilters: [qsTr("AdGen briefs (*.adgen.json)"), qsTr("All files (*)")]
        onAccepted: window.brief.open(selectedFile)
    }
    FileDialog {
        id: saveDialog
        objectName: "saveDialog"
        currentFolder: window.brief.workingFolder
        title: qsTr("Save brief")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("AdGen briefs (*.adgen.json)")]
        onAccepted: {
            if (window.brief.saveAs(selectedFile) && window.pendingAction) {
                const action = window.pendingAction
                window.pendingAction = null
                action()
            }
        }
        onRejected: window.pendingAction = null
    }
    FileDialog {
        id: productDialog
        objectName: "productDialog"
        currentFolder: window.brief.workingFolder
        title: qsTr("Load product cut-out")
        nameFilters: [qsTr("Images with transparency (*.png *.webp *.tif *.tiff)"), qsTr("All files (*)")]
        onAccepted: window.brief.loadProduct(selectedFile)
    }
    MessageDialog {
        id: unsavedDialog
        objectName: "unsavedDialog"
        title: qsTr("Unsaved changes")
        text: qsTr("%1 has unsaved changes.").arg(window.brief.displayName)
        informativeText: qsTr("Save them before continuing?")
        buttons: MessageDialog.Save | MessageDialog.Discard | MessageDialog.Cancel
        onButtonClicked: (button, role) => {
            const action = window.pendingAction
            window.pendingAction = null
            if (button === MessageDialog.Save)
                window.saveThen(action)
            else if (button === MessageDialog.Discard)
                action()
        }
    }
}
