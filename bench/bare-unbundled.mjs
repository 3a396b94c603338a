// The baseline action without a bundle: @actions/core from node_modules, one output.
import * as core from '@actions/core'
core.setOutput('result', 'ok')
