import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import AdGen.Studio

// The studio's settings: the model (directory, device, dtype, CPU threads) and the generation
// defaults. Apply loads a changed model first and saves only if it loaded, so the dialog stays
// open to show why a model failed (the previous one keeps working); Close drops what was not
// applied.
Dialog {
    id: root

    required property StudioSettings settings
    required property ModelController modelController

    title: qsTr("Settings")
    modal: true
    focus: true
    closePolicy: Popup.CloseOnEscape
    anchors.centerIn: Overlay.overlay
    width: Math.min(680, Overlay.overlay ? Overlay.overlay.width - 40 : 680)
    padding: 12

    // What was not applied is dropped, so the next opening shows the saved settings.
    onClosed: root.settings.revert()

    // The field's text goes to the settings when editing ends, and before Apply reads them.
    function commitFields() {
        if (directoryField.text !== root.settings.modelDirectory)
            root.settings.modelDirectory = directoryField.text
        if (seedField.visible && seedField.text !== root.settings.baseSeed)
            root.settings.baseSeed = seedField.text
    }

    // The popup takes its size from its one child.
    ColumnLayout {
        anchors.fill: parent
        spacing: 10

        Label {
            objectName: "settingsNotice"
            Layout.fillWidth: true
            visible: text !== ""
            text: root.settings.notice
            wrapMode: Text.Wrap
            color: "#e67700"
        }

        GroupBox {
            title: qsTr("Model")
            Layout.fillWidth: true

            GridLayout {
                anchors.fill: parent
                columns: 2
                columnSpacing: 8
                rowSpacing: 6

                Label { text: qsTr("Directory") }
                RowLayout {
                    Layout.fillWidth: true
                    TextField {
                        id: directoryField
                        objectName: "settingsModelDirectoryField"
                        Layout.fillWidth: true
                        text: root.settings.modelDirectory
                        selectByMouse: true
                        placeholderText: qsTr("The folder with the model's config.json")
                        onEditingFinished: root.commitFields()
                    }
                    Button {
                        objectName: "settingsBrowseButton"
                        text: qsTr("Browse…")
                        onClicked: folderDialog.open()
                    }
                    Button {
                        objectName: "settingsDefaultModelButton"
                        text: qsTr("Bundled")
                        enabled: root.settings.modelDirectory !== root.settings.defaultModelDirectory
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("The demo model that comes with AdGen: %1").arg(root.settings.defaultModelDirectory)
                        onClicked: root.settings.modelDirectory = root.settings.defaultModelDirectory
                    }
                }

                Label { text: qsTr("Loaded") }
                Label {
                    objectName: "settingsModelSummary"
                    Layout.fillWidth: true
                    elide: Text.ElideMiddle
                    color: "#495057"
                    text: root.modelController.loading
                          ? qsTr("Loading %1…").arg(root.modelController.loadingDirectory)
                          : root.modelController.summary
                }

                Label { text: qsTr("Device") }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: 8
                    ComboBox {
                        id: deviceBox
                        objectName: "settingsDeviceBox"
                        Layout.preferredWidth: 170
                        textRole: "text"
                        valueRole: "value"
                        model: [{ value: "cpu", text: qsTr("CPU") },
                                { value: "cuda", text: root.settings.cudaAvailable ? qsTr("CUDA (GPU)") : qsTr("CUDA (not available)") }]
                        currentIndex: root.settings.device === "cuda" ? 1 : 0
                        onActivated: root.settings.device = currentValue
                        // CUDA is listed but cannot be picked where there is none, with the reason.
                        delegate: ItemDelegate {
                            required property var modelData
                            required property int index
                            width: deviceBox.width
                            text: modelData.text
                            enabled: modelData.value !== "cuda" || root.settings.cudaAvailable
                            highlighted: deviceBox.highlightedIndex === index
                            ToolTip.visible: hovered && !enabled
                            ToolTip.text: root.settings.cudaUnavailableReason
                        }
                        ToolTip.visible: hovered && !root.settings.cudaAvailable
                        ToolTip.text: root.settings.cudaUnavailableReason
                    }
                    Label { text: qsTr("Dtype") }
                    ComboBox {
                        objectName: "settingsDTypeBox"
                        Layout.preferredWidth: 130
                        model: root.settings.dtypes
                        currentIndex: root.settings.dtypes.indexOf(root.settings.dtype)
                        onActivated: (i) => root.settings.dtype = root.settings.dtypes[i]
                        ToolTip.visible: hovered
                        ToolTip.text: root.settings.dtypeHint
                    }
                    Label { text: qsTr("CPU threads") }
                    SpinBox {
                        objectName: "settingsThreadsBox"
                        Layout.preferredWidth: 120
                        from: 0
                        to: root.settings.maxThreads
                        value: root.settings.threads
                        textFromValue: (v) => v === 0 ? qsTr("All (%1)").arg(root.settings.maxThreads) : String(v)
                        valueFromText: (t) => t.startsWith(qsTr("All")) ? 0 : parseInt(t)
                        onValueModified: root.settings.threads = value
                    }
                    Item { Layout.fillWidth: true }
                }

                Item { width: 1; visible: cudaReason.visible }
                Label {
                    id: cudaReason
                    objectName: "settingsCudaReason"
                    Layout.fillWidth: true
                    visible: !root.settings.cudaAvailable
                    text: root.settings.cudaUnavailableReason
                    wrapMode: Text.Wrap
                    color: "#868e96"
                    font.pixelSize: 11
                }
            }
        }

        GroupBox {
            title: qsTr("Generation defaults")
            Layout.fillWidth: true

            ColumnLayout {
                anchors.fill: parent
                spacing: 6

                RowLayout {
                    spacing: 8
                    Label { text: qsTr("Variants") }
                    SpinBox {
                        objectName: "settingsVariantCountBox"
                        Layout.preferredWidth: 80
                        from: 1
                        to: 8
                        value: root.settings.variantCount
                        onValueModified: root.settings.variantCount = value
                    }
                    ComboBox {
                        objectName: "settingsSeedModeBox"
                        model: [qsTr("Random seeds"), qsTr("Fixed seed")]
                        currentIndex: root.settings.randomSeeds ? 0 : 1
                        onActivated: (i) => root.settings.randomSeeds = (i === 0)
                    }
                    TextField {
                        id: seedField
                        objectName: "settingsBaseSeedField"
                        visible: !root.settings.randomSeeds
                        Layout.preferredWidth: 110
                        text: root.settings.baseSeed
                        validator: RegularExpressionValidator { regularExpression: /[0-9]{1,20}/ }
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Variant n uses this seed + n − 1")
                        onEditingFinished: root.commitFields()
                    }
                }
                RowLayout {
                    spacing: 8
                    Label { text: qsTr("History") }
                    SpinBox {
                        objectName: "settingsHistoryLengthBox"
                        Layout.preferredWidth: 96
                        from: -1
                        to: 20
                        value: root.settings.historyLength
                        textFromValue: (v) => v < 0 ? qsTr("model") : String(v)
                        valueFromText: (t) => t === qsTr("model") ? -1 : parseInt(t)
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Clicks that condition the ad (\"model\": the length it was trained with)")
                        onValueModified: root.settings.historyLength = value
                    }
                    ComboBox {
                        objectName: "settingsSamplingBox"
                        readonly property var keys: ["pss", "most-similar", "random"]
                        Layout.preferredWidth: 200
                        model: [qsTr("Product similarity (PSS)"), qsTr("Most similar"), qsTr("Random")]
                        currentIndex: Math.max(0, keys.indexOf(root.settings.sampling))
                        onActivated: (i) => root.settings.sampling = keys[i]
                    }
                    CheckBox {
                        objectName: "settingsFactualCopyBox"
                        text: qsTr("Factual copy")
                        checked: root.settings.factualCopy
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("The copy may only use words of the selling points")
                        onToggled: root.settings.factualCopy = checked
                    }
                }
                RowLayout {
                    spacing: 8
                    CheckBox {
                        objectName: "settingsUseModelSamplingBox"
                        text: qsTr("Use the model's own temperatures and CFG")
                        checked: root.settings.useModelSampling
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Each model comes with the sampling it was tuned for; untick to start every model with your own values")
                        onToggled: root.settings.useModelSampling = checked
                    }
                    Label {
                        objectName: "settingsModelSamplingLabel"
                        visible: root.settings.useModelSampling && text !== ""
                        text: "(" + root.settings.modelSampling + ")"
                        color: "#868e96"
                    }
                }
                RowLayout {
                    spacing: 8
                    visible: !root.settings.useModelSampling
                    Label { text: qsTr("Copy T") }
                    SpinBox {
                        objectName: "settingsTitleTemperatureBox"
                        Layout.preferredWidth: 96
                        from: 0; to: 200; stepSize: 5
                        editable: true
                        value: Math.round(root.settings.titleTemperature * 100)
                        textFromValue: (v) => (v / 100).toFixed(2)
                        valueFromText: (t) => Math.round(parseFloat(t) * 100)
                        onValueModified: root.settings.titleTemperature = value / 100
                    }
                    Label { text: qsTr("Image T") }
                    SpinBox {
                        objectName: "settingsImageTemperatureBox"
                        Layout.preferredWidth: 96
                        from: 0; to: 200; stepSize: 5
                        editable: true
                        value: Math.round(root.settings.imageTemperature * 100)
                        textFromValue: (v) => (v / 100).toFixed(2)
                        valueFromText: (t) => Math.round(parseFloat(t) * 100)
                        onValueModified: root.settings.imageTemperature = value / 100
                    }
                    Label { text: qsTr("CFG") }
                    SpinBox {
                        objectName: "settingsCfgWeightBox"
                        Layout.preferredWidth: 90
                        from: 0; to: 200; stepSize: 5
                        editable: true
                        value: Math.round(root.settings.cfgWeight * 10)
                        textFromValue: (v) => (v / 10).toFixed(1)
                        valueFromText: (t) => Math.round(parseFloat(t) * 10)
                        onValueModified: root.settings.cfgWeight = value / 10
                    }
                }
                Label {
                    Layout.fillWidth: true
                    text: qsTr("The generation panel starts with these; applying new defaults sets them there too.")
                    wrapMode: Text.Wrap
                    color: "#868e96"
                    font.pixelSize: 11
                }
            }
        }

        ErrorBanner {
            objectName: "settingsError"
            Layout.fillWidth: true
            problem: root.settings.error
        }
        ErrorBanner {
            objectName: "settingsModelError"
            Layout.fillWidth: true
            problem: root.modelController.error
            fix: root.modelController.errorFix
            onDismissed: root.modelController.clearError()
        }
    }

    footer: Pane {
        padding: 12
        RowLayout {
            anchors.fill: parent
            spacing: 8
            Label {
                objectName: "settingsStatusLabel"
                Layout.fillWidth: true
                visible: !root.modelController.loading
                text: root.settings.status
                wrapMode: Text.Wrap
                color: "#495057"
            }
            ProgressBar {
                objectName: "settingsLoadProgress"
                Layout.fillWidth: true
                visible: root.modelController.loading
                value: root.modelController.progress
            }
            Button {
                objectName: "settingsCancelLoadButton"
                visible: root.modelController.loading
                text: qsTr("Cancel")
                onClicked: root.modelController.cancelLoad()
            }
            Button {
                objectName: "settingsApplyButton"
                text: qsTr("Apply")
                highlighted: true
                enabled: !root.settings.applying && (root.settings.modified || root.settings.modelChangePending
                                                     || directoryField.text !== root.settings.modelDirectory)
                onClicked: {
                    root.commitFields()
                    root.settings.apply()
                }
            }
            Button {
                objectName: "settingsCloseButton"
                text: qsTr("Close")
                onClicked: root.close()
            }
        }
    }

    FolderDialog {
        id: folderDialog
        objectName: "settingsFolderDialog"
        title: qsTr("Model directory")
        currentFolder: "file://" + root.settings.modelDirectory
        onAccepted: root.settings.modelDirectory = selectedFolder.toString()
    }
}
